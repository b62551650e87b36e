// The service dependency graph the agent walks. One interface, two backends (in-memory, Neo4j) that
// pass one contract suite (tests/integration/graph), so the planner never knows where the graph lives.
import { z } from 'zod';

export const ServiceKindSchema = z.enum(['service', 'database', 'cache', 'queue', 'external']);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

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

/** A service found by a walk from a start service. */
export interface ReachedService {
  name: string;
  /** Calls between the start and this service (1 = a direct neighbour). */
  hops: number;
  /**
   * A shortest walk from the start to this service, both included, in walking order (for upstream,
   * start then its caller then that caller's caller). Among equally short walks, the one that is
   * smallest comparing names position by position, so every backend gives the same one.
   */
  path: string[];
}

export interface BlastRadius {
  service: string;
  /** Every transitive caller within the hops, nearest first then by name. */
  affected: ReachedService[];
  /** Affected services that nothing calls: where users (or the outside) feel the failure. Sorted. */
  entryPoints: string[];
}

/** Hop limits every backend accepts; larger requests are clamped, so a call can never explode. */
export const MAX_GRAPH_HOPS = 10;
/** `paths` extends at most this many partial walks; beyond it, it returns the (shortest) paths found so far. */
export const MAX_PATHS_EXPLORED = 20_000;
export const DEFAULT_PATHS_LIMIT = 50;

export interface ServiceGraph {
  /** The stored record; a service only ever named as a callee is a stub `{name, kind: 'service', dependsOn: []}`. */
  getService(name: string): Promise<ServiceNode | undefined>;
  /** Services `name` calls, directly, in declared order. */
  dependencies(name: string): Promise<string[]>;
  /** Services that call `name`, directly, sorted by name. */
  dependents(name: string): Promise<string[]>;
  /** Callers and callees within `hops` (edges followed in both directions). An unknown service is an isolated node. */
  neighbourhood(name: string, hops: number): Promise<Neighbourhood>;
  /** Transitive callers of `name` (who depends on it) within `hops`, nearest first then by name. */
  upstream(name: string, hops: number): Promise<ReachedService[]>;
  /** Transitive callees of `name` (what it depends on) within `hops`, nearest first then by name. */
  downstream(name: string, hops: number): Promise<ReachedService[]>;
  /** Who is hurt when `name` fails: its transitive callers and the entry points among them. */
  blastRadius(name: string, maxHops: number): Promise<BlastRadius>;
  /**
   * Simple call paths (no service twice) from `from` to `to` following calls, at most `maxHops`
   * calls long, shortest first then by names; at most `limit` (default DEFAULT_PATHS_LIMIT).
   */
  paths(from: string, to: string, maxHops: number, limit?: number): Promise<string[][]>;
  close(): Promise<void>;
}

/** Clamps a caller's hop count into [0, MAX_GRAPH_HOPS]; non-integers round down. */
export function clampHops(hops: number): number {
  if (!Number.isFinite(hops) || hops < 0) return 0;
  return Math.min(Math.floor(hops), MAX_GRAPH_HOPS);
}
