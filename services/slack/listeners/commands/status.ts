// `/ariadne status`: recent investigations and the bucket of each alert class.
import { renderStatus } from '../../render/render-commands.ts';
import type { RenderedMessage } from '../../render/render-report.ts';
import { loadStatus } from '../../status-report.ts';
import type { CommandContext } from './command-context.ts';

export async function status(ctx: CommandContext): Promise<RenderedMessage> {
  return renderStatus(await loadStatus(ctx.deps.store, { now: new Date(ctx.at) }));
}
