// The progress line an investigation shows while it works: one message, updated in place by the
// worker and finally replaced by the report, so the thread never fills with status chatter.
import type { Alert } from '../../agent/types.ts';
import { context, section } from './blocks.ts';
import { fitBlockKit } from './fit-block-kit.ts';
import { escapeMrkdwn, oneLine, truncate } from './mrkdwn.ts';
import type { RenderedMessage } from './render-report.ts';

export interface ProgressView {
  investigationId: string;
  alert: Pick<Alert, 'title' | 'service'>;
  /** Planner steps taken so far (1-based once it has started). */
  step: number;
  /** What it is checking right now, e.g. "metrics of checkout-api". */
  checking: readonly string[];
  elapsedMs: number;
}

export const MAX_CHECKING_SHOWN = 3;

export function renderProgress(view: ProgressView): RenderedMessage {
  const title = escapeMrkdwn(truncate(oneLine(view.alert.title), 200));
  const shown = view.checking.slice(0, MAX_CHECKING_SHOWN).map((c) => escapeMrkdwn(truncate(oneLine(c), 80)));
  const more = view.checking.length - shown.length;
  const checking = shown.length === 0 ? 'planning the next checks' : `checking ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const blocks = [
    section(`:hourglass_flowing_sand: *Investigating* _${title}_ (${escapeMrkdwn(view.alert.service)}): ${checking}`),
    context(`Step ${Math.max(1, view.step)} · ${formatElapsed(view.elapsedMs)} elapsed · this message will be replaced by the findings`),
  ];
  const text = `Investigating "${truncate(oneLine(view.alert.title), 150)}": step ${Math.max(1, view.step)}, ${formatElapsed(view.elapsedMs)} elapsed`;
  return { text: escapeMrkdwn(text), blocks: fitBlockKit(blocks) };
}

/** "45 s", "2 min 05 s", "1 h 03 min": short enough for a phone, exact enough to see it move. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
