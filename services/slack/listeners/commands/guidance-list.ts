// `/ariadne guidance list [alert-class]`: YAML and Slack rules merged, conflicts marked.
import { mergeGuidance, rulesFor } from '../../guidance-catalog.ts';
import { renderGuidanceList } from '../../render/render-commands.ts';
import type { RenderedMessage } from '../../render/render-report.ts';
import type { CommandContext } from './command-context.ts';

export async function guidanceList(ctx: CommandContext, command: { alertClass?: string }): Promise<RenderedMessage> {
  const catalog = mergeGuidance(ctx.deps.fileGuidance, await ctx.deps.store.listGuidance());
  return renderGuidanceList(rulesFor(catalog, command.alertClass), command.alertClass);
}
