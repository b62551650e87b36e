// The catalog facts shown next to a service name in every graph tool's output.
import { z } from 'zod';

export const NodeFactsSchema = z.object({
  kind: z.string().describe('service | database | cache | queue | external, or unknown when the catalog does not list it'),
  language: z.string().optional(),
  team: z.string().optional(),
  channel: z.string().optional().describe('owner Slack channel'),
  tier: z.number().int().optional().describe('1 is the most critical'),
});
export type NodeFacts = z.infer<typeof NodeFactsSchema>;
