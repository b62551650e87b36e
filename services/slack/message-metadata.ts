// Slack message metadata that ties a posted message to its investigation. It is what makes posting
// idempotent across crashes: a retry finds its own earlier message in the channel history by this
// metadata even when the store never recorded the message ts.
import { z } from 'zod';

export const INVESTIGATION_EVENT_TYPE = 'ariadne_investigation';

export const InvestigationMetadataSchema = z.object({
  event_type: z.literal(INVESTIGATION_EVENT_TYPE),
  event_payload: z.object({
    investigation_id: z.string().min(1),
    revision: z.number().int().nonnegative(),
  }),
});
export type InvestigationMetadata = z.infer<typeof InvestigationMetadataSchema>;

export function investigationMetadata(investigationId: string, revision: number): InvestigationMetadata {
  return {
    event_type: INVESTIGATION_EVENT_TYPE,
    event_payload: { investigation_id: investigationId, revision },
  };
}

/** The investigation id a message was posted for, or undefined when it is not one of ours. */
export function investigationIdOf(message: { metadata?: unknown }): string | undefined {
  const parsed = InvestigationMetadataSchema.safeParse(message.metadata);
  return parsed.success ? parsed.data.event_payload.investigation_id : undefined;
}
