// `/ariadne ...`: acks at once (Slack allows 3 s), parses the text, runs the subcommand and answers
// through the command's response_url, visible only to the person who typed it.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ALERT_CLASSES } from '../../../agent/alert-class.ts';
import type { InvestigationStore } from '../../../store/index.ts';
import { parseAriadneCommand } from '../../ariadne-command.ts';
import { renderHelp, renderNotice } from '../../render/render-commands.ts';
import type { RenderedMessage } from '../../render/render-report.ts';
import type { CommandContext, CommandDeps } from './command-context.ts';
import { guidanceAdd } from './guidance-add.ts';
import { guidanceList } from './guidance-list.ts';
import { guidanceRemove } from './guidance-remove.ts';
import { status } from './status.ts';

export type AriadneCommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** The taxonomy's classes, those seen in recent alerts first (what people are likely to mean). */
export async function knownAlertClasses(store: InvestigationStore): Promise<string[]> {
  const recent = await store.listInvestigations({ limit: 200 });
  const seen = [...new Set(recent.map((i) => i.alertClass).filter((c): c is string => c !== undefined))];
  const valid = new Set<string>(ALERT_CLASSES);
  return [...seen.filter((c) => valid.has(c)), ...ALERT_CLASSES.filter((c) => !seen.includes(c))];
}

export function ariadneCommandHandler(deps: CommandDeps) {
  return async ({ ack, command, respond, client, context }: AriadneCommandArgs): Promise<void> => {
    await ack();
    const log = deps.logger.child({ command: command.command, user: command.user_id, channel: command.channel_id, retryNum: context.retryNum });
    let reply: RenderedMessage;
    try {
      const alertClasses = await knownAlertClasses(deps.store);
      const parsed = parseAriadneCommand(command.text ?? '', alertClasses);
      const ctx: CommandContext = { deps, client, userId: command.user_id, at: (deps.now?.() ?? new Date()).toISOString(), log, alertClasses };
      log.info({ subcommand: parsed.kind }, 'slash command');
      switch (parsed.kind) {
        case 'guidance_add':
          reply = await guidanceAdd(ctx, parsed);
          break;
        case 'guidance_list':
          reply = await guidanceList(ctx, parsed);
          break;
        case 'guidance_remove':
          reply = await guidanceRemove(ctx, parsed);
          break;
        case 'status':
          reply = await status(ctx);
          break;
        case 'help':
          reply = renderHelp(alertClasses, parsed.problem);
          break;
      }
    } catch (error) {
      // The person who typed the command must hear that it failed, not wait for nothing.
      log.error({ err: error }, 'slash command failed');
      reply = renderNotice(':x: Sorry, that failed on my side; the error is in Ariadne\'s logs.');
      await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
      throw error;
    }
    await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
  };
}
