// The workspace the fake Slack pretends to be, and the block_actions payload a button click sends
// to the app (shape from vendor-specs/slack/samples-java-slack-sdk BlockActionPayload.json).
import { createHash } from 'node:crypto';

export const SLACK_WORKSPACE = {
  teamId: 'T02H7C4LK9S',
  teamName: 'Acme Shop',
  domain: 'acme-shop',
  url: 'https://acme-shop.slack.com/',
  appId: 'A07B3K9ZQ1P',
  botId: 'B07B3K9ZQ2L',
  botUserId: 'U07B3K9ZQ4M',
  botUserName: 'ariadne',
} as const;

export interface ClickUser {
  id: string;
  name: string;
}

export interface BlockActionsInput {
  message: Record<string, unknown>;
  channel: { id: string; name: string };
  threadTs?: string;
  button: Record<string, unknown> & { action_id: string };
  blockId: string;
  user: ClickUser;
  /** Click number, for deterministic trigger ids. */
  sequence: number;
  actionTs: string;
}

export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const { message, channel, button, user } = input;
  const digest = createHash('sha256').update(`${channel.id}:${String(message.ts)}:${input.sequence}`).digest('hex');
  const numeric = BigInt(`0x${digest.slice(0, 12)}`).toString().padStart(13, '0').slice(0, 13);
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: SLACK_WORKSPACE.teamId },
    api_app_id: SLACK_WORKSPACE.appId,
    token: `${digest.slice(12, 36)}`,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: false,
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    },
    trigger_id: `${numeric}.${digest.slice(36, 46).replace(/[a-f]/g, '7')}.${digest.slice(0, 32)}`,
    team: { id: SLACK_WORKSPACE.teamId, domain: SLACK_WORKSPACE.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    message,
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${SLACK_WORKSPACE.teamId}/${numeric}/${digest.slice(40, 64)}`,
    actions: [
      {
        action_id: button.action_id,
        block_id: input.blockId,
        text: button.text,
        ...(button.value !== undefined ? { value: button.value } : {}),
        type: 'button',
        action_ts: input.actionTs,
      },
    ],
  };
}
