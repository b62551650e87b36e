// The parts of PagerDuty REST v2 objects the tools read (from the official spec's Incident, Alert,
// LogEntry and Service schemas), parsed loosely: unknown fields pass, missing optional ones are fine.
import { z } from 'zod';

const Reference = z.object({ id: z.string().optional(), summary: z.string().optional(), type: z.string().optional() }).loose();

export const IncidentSchema = z
  .object({
    id: z.string(),
    incident_number: z.number().int().optional(),
    title: z.string().optional(),
    summary: z.string().optional(),
    status: z.string(),
    urgency: z.string().optional(),
    created_at: z.string(),
    resolved_at: z.string().nullable().optional(),
    last_status_change_at: z.string().optional(),
    html_url: z.string().optional(),
    service: Reference.optional(),
    escalation_policy: Reference.optional(),
    priority: Reference.nullable().optional(),
    assignments: z.array(z.object({ assignee: Reference.optional() }).loose()).optional(),
    resolve_reason: z.unknown().optional(),
  })
  .loose();
export type Incident = z.infer<typeof IncidentSchema>;

export const AlertSchema = z
  .object({
    id: z.string(),
    summary: z.string().optional(),
    status: z.string().optional(),
    severity: z.string().optional(),
    created_at: z.string().optional(),
    alert_key: z.string().optional(),
    body: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .loose();
export type Alert = z.infer<typeof AlertSchema>;

export const LogEntrySchema = z
  .object({
    id: z.string(),
    type: z.string(),
    summary: z.string().optional(),
    created_at: z.string(),
    agent: Reference.nullable().optional(),
    channel: z.object({ type: z.string().optional(), summary: z.string().optional() }).loose().nullable().optional(),
  })
  .loose();
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const ServiceSchema = z.object({ id: z.string(), name: z.string().optional(), summary: z.string().optional() }).loose();

export const PageSchema = z.object({ limit: z.number().optional(), offset: z.number().optional(), more: z.boolean().optional(), total: z.number().nullable().optional() }).loose();

/** Incident ids look like PT4KHLK or Q2K4XG0ZNHWJ7P; PagerDuty also accepts the incident number. */
export const IncidentIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'incidentId is required, e.g. "Q2K4XG0ZNHWJ7P"' : 'incidentId must be a string') })
  .regex(/^([A-Z0-9]{5,20}|\d{1,10})$/, 'incidentId must be a PagerDuty incident id such as Q2K4XG0ZNHWJ7P, or an incident number')
  .describe('PagerDuty incident id (from the alert), e.g. Q2K4XG0ZNHWJ7P');

export function minutesBetween(fromIso: string | undefined | null, toIso: string | undefined | null): number | null {
  if (!fromIso || !toIso) return null;
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  return Number.isNaN(from) || Number.isNaN(to) ? null : Math.round((to - from) / 6000) / 10;
}
