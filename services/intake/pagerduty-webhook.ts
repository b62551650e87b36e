// The part of a PagerDuty v3 webhook delivery that intake relies on. Written from PagerDuty's
// developer docs (webhooks v3 overview); unknown fields are allowed because PagerDuty adds fields.
import { z } from 'zod';
import type { Alert } from '../agent/types.ts';

const ReferenceSchema = z.object({ id: z.string(), summary: z.string().optional() }).loose();

export const IncidentDataSchema = z
  .object({
    id: z.string().min(1),
    type: z.literal('incident'),
    title: z.string().min(1),
    status: z.string(),
    created_at: z.iso.datetime({ offset: true }),
    urgency: z.enum(['high', 'low']).optional(),
    html_url: z.string().optional(),
    number: z.number().int().optional(),
    incident_key: z.string().nullish(),
    service: ReferenceSchema.extend({ summary: z.string().min(1) }),
    priority: ReferenceSchema.nullish(),
  })
  .loose();

export const WebhookEventSchema = z.object({
  event: z
    .object({
      id: z.string().min(1),
      event_type: z.string().min(1),
      resource_type: z.string().min(1),
      occurred_at: z.iso.datetime({ offset: true }),
      data: z.record(z.string(), z.unknown()),
    })
    .loose(),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export function toAlert(incident: z.infer<typeof IncidentDataSchema>): Alert {
  const priority = incident.priority?.summary;
  return {
    incidentId: incident.id,
    title: incident.title,
    service: incident.service.summary,
    severity: incident.urgency === 'low' ? 'warning' : priority === 'P1' || priority === 'P2' || incident.urgency === 'high' ? 'critical' : 'error',
    triggeredAt: incident.created_at,
    source: 'pagerduty',
    url: incident.html_url,
    details: { number: incident.number, incidentKey: incident.incident_key ?? undefined, priority },
  };
}
