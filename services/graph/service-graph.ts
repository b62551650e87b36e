// The service dependency graph the agent walks. One interface, several backends (in-memory now,
// Neo4j later), so the planner never knows where the graph lives.
import { z } from 'zod';

export const ServiceKindSchema = z.enum(['service', 'database', 'cache', 'queue', 'external']);

export const ServiceNodeSchema = z.object({
  name: z.string().min(1),
  kind: ServiceKindSchema.default('service'),
  language: z.string().optional(),
  team: z.string().optional(),
  channel: z.string().optional().describe('owner Slack channel, e.g. #team-inventory'),
  tier: z.number().int().optional(),
  dependsOn: z.array(z.string().min(1)).default([]),
});
export type ServiceNode = z.infer<typeof ServiceNodeSchema>;

export interface Neighbourhood {
  /** The services within the requested hops, the centre first. */
  services: ServiceNode[];
  /** Directed edges caller -> callee among those services. */
  edges: { from: string; to: string }[];
}

export interface ServiceGraph {
  getService(name: string): Promise<ServiceNode | undefined>;
  /** Services `name` calls, directly. */
  dependencies(name: string): Promise<string[]>;
  /** Services that call `name`, directly. */
  dependents(name: string): Promise<string[]>;
  neighbourhood(name: string, hops: number): Promise<Neighbourhood>;
  close(): Promise<void>;
}
