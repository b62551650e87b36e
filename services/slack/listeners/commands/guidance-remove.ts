// `/ariadne guidance remove <id>`: editors only, Slack-added rules only (YAML rules change through
// the repo, where they are reviewed); the store records the removal in the audit trail.
import { isGuidanceEditor } from '../../guidance-editors.ts';
import { renderGuidanceRemoved, renderNotice } from '../../render/render-commands.ts';
import type { RenderedMessage } from '../../render/render-report.ts';
import type { CommandContext } from './command-context.ts';

export async function guidanceRemove(ctx: CommandContext, command: { id: string }): Promise<RenderedMessage> {
  if (!(await isGuidanceEditor(ctx.client, ctx.deps.guidanceEditors, ctx.userId, ctx.log))) {
    ctx.log.info({ ruleId: command.id }, 'guidance remove refused: not a guidance editor');
    return renderNotice(':no_entry: Only guidance editors can remove guidance.');
  }
  const existing = (await ctx.deps.store.listGuidance()).find((r) => r.id === command.id);
  if (!existing) {
    const inYaml = ctx.deps.fileGuidance.some((r) => r.id === command.id);
    return renderNotice(
      inYaml
        ? `\`${command.id}\` comes from the YAML guidance files; change it there, through a review.`
        : `There is no Slack-added guidance \`${command.id}\`. See \`/ariadne guidance list\`.`,
    );
  }
  const { removed } = await ctx.deps.store.removeGuidance(command.id, { by: ctx.userId, at: ctx.at });
  if (!removed) return renderNotice(`\`${command.id}\` was removed in the meantime.`);
  ctx.log.info({ ruleId: command.id }, 'guidance removed from Slack');
  return renderGuidanceRemoved(command.id, existing.text);
}
