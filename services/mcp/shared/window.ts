// The time window every tool takes. Absolute ISO 8601 instants only: relative windows ("last 30m")
// would make a tool's answer depend on when it was called, and investigations must be replayable.
import { z } from 'zod';
import { strictInput } from './strict-input.ts';

export const MAX_WINDOW_HOURS = 24;

function instant(field: 'from' | 'to') {
  return z.iso
    .datetime({
      offset: true,
      error: `window.${field} must be an ISO 8601 timestamp with a zone, e.g. 2026-11-20T13:00:00Z`,
    })
    .describe(
      field === 'from'
        ? 'start of the window, ISO 8601 with zone (e.g. 2026-11-20T13:00:00Z)'
        : 'end of the window, ISO 8601 with zone; after from, at most 24 h later',
    );
}

/** A window schema with its own maximum length (history lookups need days, telemetry a day). */
export function windowSchema(maxHours: number) {
  const maxMs = maxHours * 3600_000;
  const limit = maxHours % 24 === 0 && maxHours > 24 ? `${maxHours / 24} days` : `${maxHours} h`;
  return strictInput(
    { from: instant('from'), to: instant('to') },
    'window field',
    'window is required: an object {from, to} of ISO 8601 timestamps',
  )
    .superRefine((window, ctx) => {
      const from = Date.parse(window.from);
      const to = Date.parse(window.to);
      // An unparseable instant already has its own issue; do not pile an ordering one on top.
      if (Number.isNaN(from) || Number.isNaN(to)) return;
      if (!(from < to)) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `window.to (${window.to}) must be after window.from (${window.from})` });
      } else if (to - from > maxMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: `window is ${((to - from) / 3600_000).toFixed(1)} h long; window.to must be at most ${limit} after window.from`,
        });
      }
    })
    .describe('time window to look at, e.g. from 30 minutes before the alert to 5 minutes after');
}

export const WindowSchema = windowSchema(MAX_WINDOW_HOURS);
export type Window = z.infer<typeof WindowSchema>;

export function windowBounds(window: Window): { fromMs: number; toMs: number } {
  return { fromMs: Date.parse(window.from), toMs: Date.parse(window.to) };
}

/** ISO 8601 in UTC without milliseconds: shorter for models and people, and exact at our resolution. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** "13:00-13:35Z" style label for one-line call descriptions; includes the date when it differs. */
export function describeWindow(window: Window): string {
  const { fromMs, toMs } = windowBounds(window);
  const from = isoSeconds(fromMs);
  const to = isoSeconds(toMs);
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${from.slice(0, 16).replace('T', ' ')}-${sameDay ? to.slice(11, 16) : to.slice(0, 16).replace('T', ' ')}Z`;
}
