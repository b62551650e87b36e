// The people and views of the fake workspace: users.info objects, the view object views.open
// returns, and the view_submission payload a modal's submit sends the app (shapes from
// vendor-specs/slack samples-java-slack-sdk users.info.json, views.open.json and
// ViewSubmissionPayload.json). Ids derive from their inputs, never from the clock.
import { createHash } from 'node:crypto';
import { SLACK_WORKSPACE } from './block-actions.ts';

export interface WorkspaceUser {
  id: string;
  name: string;
  realName: string;
  title: string;
  isBot: boolean;
}

export type SlackView = Record<string, unknown> & { id: string; hash: string };

const COLORS = ['9f69e7', '4bbe2e', 'e7392d', '3c989f', 'e96699', 'de5f24', '2b6836', '674b1b'];

function digest(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function userJson(user: WorkspaceUser): Record<string, unknown> {
  const hash = digest(user.id);
  const avatar = (size: number) => `https://secure.gravatar.com/avatar/${hash.slice(0, 32)}.jpg?s=${size}&d=https%3A%2F%2Fa.slack-edge.com%2Fdf10d%2Fimg%2Favatars%2Fava_0001-${size}.png`;
  return {
    id: user.id,
    team_id: SLACK_WORKSPACE.teamId,
    name: user.name,
    deleted: false,
    color: COLORS[parseInt(hash.slice(0, 2), 16) % COLORS.length],
    real_name: user.realName,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    profile: {
      title: user.title,
      phone: '',
      skype: '',
      real_name: user.realName,
      real_name_normalized: user.realName.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
      display_name: user.isBot ? '' : user.name,
      display_name_normalized: user.isBot ? '' : user.name,
      fields: null,
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      avatar_hash: hash.slice(0, 12),
      image_24: avatar(24),
      image_32: avatar(32),
      image_48: avatar(48),
      image_72: avatar(72),
      image_192: avatar(192),
      image_512: avatar(512),
      status_text_canonical: '',
      team: SLACK_WORKSPACE.teamId,
      ...(user.isBot ? { bot_id: `B0${hash.slice(0, 8).toUpperCase()}`, always_active: true } : {}),
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: 1730217600,
    is_email_confirmed: !user.isBot,
    who_can_share_contact_card: 'EVERYONE',
  };
}

/** The view object Slack stores for an opened modal. */
export function viewJson(view: Record<string, unknown>, sequence: number, triggerId: string): SlackView {
  const id = `V0${digest('view', sequence, triggerId).slice(0, 9).toUpperCase()}`;
  return {
    id,
    team_id: SLACK_WORKSPACE.teamId,
    type: 'modal',
    blocks: Array.isArray(view.blocks) ? structuredClone(view.blocks) : [],
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    state: { values: {} },
    hash: `${1730217600 + sequence}.${digest('hash', id).slice(0, 8)}`,
    title: structuredClone(view.title) as Record<string, unknown>,
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    close: view.close === undefined ? null : structuredClone(view.close),
    submit: view.submit === undefined ? null : structuredClone(view.submit),
    previous_view_id: null,
    root_view_id: id,
    app_id: SLACK_WORKSPACE.appId,
    external_id: typeof view.external_id === 'string' ? view.external_id : '',
    app_installed_team_id: SLACK_WORKSPACE.teamId,
    bot_id: SLACK_WORKSPACE.botId,
  };
}

export function viewSubmissionPayload(input: { view: SlackView; values: Record<string, Record<string, Record<string, unknown>>>; user: { id: string; name: string }; sequence: number }): Record<string, unknown> {
  const token = digest('submit', input.view.id, input.sequence);
  const numeric = BigInt(`0x${token.slice(0, 12)}`).toString().padStart(13, '0').slice(0, 13);
  return {
    type: 'view_submission',
    team: { id: SLACK_WORKSPACE.teamId, domain: SLACK_WORKSPACE.domain },
    user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: SLACK_WORKSPACE.teamId },
    api_app_id: SLACK_WORKSPACE.appId,
    token: token.slice(12, 36),
    trigger_id: `${numeric}.${token.slice(36, 46).replace(/[a-f]/g, '7')}.${token.slice(0, 32)}`,
    view: { ...structuredClone(input.view), state: { values: structuredClone(input.values) } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
