import { describe, expect, it } from 'vitest';
import { describeCall, GetIncidentInputSchema, summarize } from './get-incident.ts';
import { AlertSchema, IncidentSchema, LogEntrySchema } from './pagerduty-shapes.ts';

const input = GetIncidentInputSchema.parse({ incidentId: 'Q2K4XG0ZNHWJ7P' });

// Shapes from the REST API v2 spec (Incident, Alert, LogEntry).
const incident = IncidentSchema.parse({
  id: 'Q2K4XG0ZNHWJ7P',
  type: 'incident',
  summary: '[#7165] High error rate on storefront-web',
  incident_number: 7165,
  title: 'High error rate on storefront-web',
  status: 'resolved',
  urgency: 'high',
  created_at: '2026-11-20T13:30:00Z',
  resolved_at: '2026-11-20T14:12:30Z',
  last_status_change_at: '2026-11-20T14:12:30Z',
  html_url: 'https://shop.pagerduty.com/incidents/Q2K4XG0ZNHWJ7P',
  service: { id: 'PP3CNFN', type: 'service_reference', summary: 'storefront-web' },
  escalation_policy: { id: 'PEP1', type: 'escalation_policy_reference', summary: 'Web Platform on-call' },
  priority: { id: 'PRI1', type: 'priority_reference', summary: 'P1' },
  assignments: [{ at: '2026-11-20T13:30:00Z', assignee: { id: 'PU1', type: 'user_reference', summary: 'Priya Brennan' } }],
});
const alert = AlertSchema.parse({
  id: 'QFHWBOSUPKMZDJ',
  type: 'alert',
  summary: 'High error rate on storefront-web',
  status: 'resolved',
  severity: 'critical',
  created_at: '2026-11-20T13:30:00Z',
  body: { type: 'alert_body', cef_details: { source_origin: 'datadog' }, details: {} },
});
const entry = (id: string, type: string, at: string, summary: string) => LogEntrySchema.parse({ id, type, created_at: at, summary, agent: { id: 'PU1', type: 'user_reference', summary: 'Priya Brennan' } });
const entries = [
  entry('R1', 'trigger_log_entry', '2026-11-20T13:30:00Z', 'Triggered through the Datadog integration'),
  entry('R2', 'notify_log_entry', '2026-11-20T13:30:05Z', 'Notified Priya Brennan by push'),
  entry('R3', 'acknowledge_log_entry', '2026-11-20T13:33:00Z', 'Acknowledged by Priya Brennan'),
  entry('R4', 'annotate_log_entry', '2026-11-20T13:40:00Z', 'Note added: rolled back inventory-service to 2.13.4, token=abc123def456'),
  entry('R5', 'resolve_log_entry', '2026-11-20T14:12:30Z', 'Resolved by Priya Brennan'),
];

describe('summarize', () => {
  it('summarizes the incident, its alerts and its timeline', () => {
    const out = summarize({ incident, alerts: [alert], logEntries: [...entries].reverse() }, input);
    expect(out.status).toBe('ok');
    expect(out.incident).toMatchObject({ number: 7165, service: 'storefront-web', status: 'resolved', minutesOpen: 42.5, priority: 'P1', assignees: ['Priya Brennan'], resolvedAt: '2026-11-20T14:12:30Z' });
    expect(out.alerts[0]).toMatchObject({ severity: 'critical', source: 'datadog' });
    expect(out.timeline.map((t) => t.type)).toEqual(['trigger', 'notify', 'acknowledge', 'annotate', 'resolve']);
    expect(out.timeline[3]!.summary).not.toContain('abc123def456');
    expect(out.hints.join(' ')).toContain('1 note(s)');
  });

  it('keeps the start and the end of a long timeline', () => {
    const out = summarize({ incident, alerts: [alert], logEntries: entries }, { ...input, limit: 2 });
    expect(out.timeline.map((t) => t.type)).toEqual(['trigger', 'resolve']);
    expect(out.truncated).toBe(true);
  });

  it('is no_data for an unknown incident', () => {
    const out = summarize({ incident: undefined, alerts: [], logEntries: [] }, input);
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('no incident Q2K4XG0ZNHWJ7P');
  });
});

describe('input', () => {
  it('rejects an id that is not a PagerDuty id, naming the field', () => {
    const result = GetIncidentInputSchema.safeParse({ incidentId: 'inc 42' });
    expect(result.error!.issues[0]!.path).toEqual(['incidentId']);
    expect(describeCall(input)).toBe('PagerDuty incident Q2K4XG0ZNHWJ7P with its alerts and timeline');
  });
});
