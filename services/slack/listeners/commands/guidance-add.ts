// `/ariadne guidance add <alert-class|global> [service:<name>] <text>`: editors only; the rule gets
// an id derived from its content, is stored with who and when (the audit trail), and is confirmed.
import { createHash } from 'node:crypto';
import type { GuidanceRule } from '../../../agent/guidance.ts';
import { isGuidanceEditor } from '../../guidance-editors.ts';
import { mergeGuidance } from '../../guidance-catalog.ts';
import { renderGuidanceAdded, renderNotice } from '../../render/render-commands.ts';
import type { RenderedMessage } from '../../render/render-report.ts';
import type { CommandContext } from './command-context.ts';

export async function guidanceAdd(ctx: CommandContext, command: { alertClass: string; service?: string; text: string }): Promise<RenderedMessage> {
  if (!(await isGuidanceEditor(ctx.client, ctx.deps.guidanceEditors, ctx.userId, ctx.log))) {
    ctx.log.info('guidance add refused: not a guidance editor');
    return renderNotice(':no_entry: Only guidance editors can add guidance. Ask your platform team, or add it as YAML in the repo.');
  }
  const digest = createHash('sha256').update(`${ctx.userId}|${ctx.at}|${command.alertClass}|${command.service ?? ''}|${command.text}`).digest('hex');
  const rule: GuidanceRule = {
    id: `slack-${command.alertClass === '*' ? 'global' : command.alertClass}-${digest.slice(0, 6)}`,
    alertClass: command.alertClass as GuidanceRule['alertClass'],
    ...(command.service ? { service: command.service } : {}),
    text: command.text,
    alsoCheck: [],
  };
  const { added } = await ctx.deps.store.addGuidance({ ...rule, createdBy: ctx.userId, createdAt: ctx.at });
  if (!added) return renderNotice(`A rule with id \`${rule.id}\` already exists; nothing was added.`);
  const catalog = mergeGuidance(ctx.deps.fileGuidance, await ctx.deps.store.listGuidance());
  const conflicts = catalog.find((c) => c.source === 'slack' && c.rule.id === rule.id)?.conflictsWith ?? [];
  ctx.log.info({ ruleId: rule.id, alertClass: rule.alertClass, conflicts }, 'guidance added from Slack');
  return renderGuidanceAdded(rule, conflicts);
}
