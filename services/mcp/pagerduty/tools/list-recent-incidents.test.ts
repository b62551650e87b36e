import { describe, expect, it } from 'vitest';
import { describeCall, ListRecentIncidentsInputSchema, summarize } from './list-recent-incidents.ts';
import { IncidentSchema } from './pagerduty-shapes.ts';

const input = ListRecentIncidentsInputSchema.parse({ service: 'payments-service', window: { from: '2026-08-22T13:30:00Z', to: '2026-11-20T13:30:00Z' } });

let n = 1000;
function incident(title: string, created: string, resolvedAfterMin: number | null, urgency = 'high') {
  const id = `Q${(n++).toString(36).toUpperCase().padStart(6, 'X')}`;
  return IncidentSchema.parse({
    id,
    incident_number: n,
    title,
    status: resolvedAfterMin === null ? 'triggered' : 'resolved',
    urgency,
    created_at: created,
    ...(resolvedAfterMin !== null ? { resolved_at: new Date(Date.parse(created) + resolvedAfterMin * 60_000).toISOString() } : {}),
  });
}

const history = [
  incident('Elevated 5xx on payments-service', '2026-09-16T14:52:43Z', 77),
  incident('Elevated 5xx on payments-service', '2026-10-30T08:00:00Z', 41),
  incident('payments-service pods restarting', '2026-10-22T14:43:12Z', 34, 'low'),
  incident('Elevated 5xx on payments-service', '2026-11-20T13:30:00Z', null),
];

describe('summarize', () => {
  it('lists incidents newest first with times to resolve and groups recurring titles', () => {
    const out = summarize({ serviceId: 'PWWP8WS', incidents: history, more: false }, input);
    expect(out.status).toBe('ok');
    expect(out.incidents.map((i) => i.createdAt.slice(0, 10))).toEqual(['2026-11-20', '2026-10-30', '2026-10-22', '2026-09-16']);
    expect(out.incidents[1]!.minutesToResolve).toBe(41);
    expect(out.recurring).toEqual([
      { titlePattern: 'Elevated 5xx on payments-service', count: 3, lastAt: '2026-11-20T13:30:00Z', medianMinutesToResolve: 59, example: 'Elevated 5xx on payments-service' },
    ]);
    expect(out.totals).toEqual({ incidents: 4, resolved: 3, open: 1, highUrgency: 3 });
    expect(out.hints[0]).toContain('happened 3 times, usually resolved in 59 min');
  });

  it('leaves out the incident under investigation', () => {
    const current = history[3]!;
    const out = summarize({ serviceId: 'PWWP8WS', incidents: history, more: false }, { ...input, excludeIncidentId: current.id });
    expect(out.incidents.map((i) => i.id)).not.toContain(current.id);
    expect(out.totals.incidents).toBe(3);
  });

  it('is no_data for an unknown service or a quiet history', () => {
    expect(summarize({ serviceId: undefined, incidents: [], more: false }, input).hints[0]).toContain('no service named payments-service');
    expect(summarize({ serviceId: 'P1', incidents: [], more: false }, input).status).toBe('no_data');
  });
});

describe('input', () => {
  it('accepts up to 90 days and rejects more, naming window.to', () => {
    const long = ListRecentIncidentsInputSchema.safeParse({ service: 'x', window: { from: '2026-01-01T00:00:00Z', to: '2026-11-20T00:00:00Z' } });
    expect(long.error!.issues[0]!.path).toEqual(['window', 'to']);
    expect(long.error!.issues[0]!.message).toContain('at most 90 days');
    expect(describeCall(input)).toBe('PagerDuty incidents on payments-service, 2026-08-22 13:30-2026-11-20 13:30Z');
  });
});
