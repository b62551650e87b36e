// get_blast_radius: who is affected if a service fails: every transitive caller within k hops,
// the user-facing entry points among them, and the teams and channels that will feel it.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServiceNode } from '../../../graph/service-graph.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema, takeCapped } from '../../shared/limit.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { nodesOf, type GraphToolDeps } from './get-service-neighbours.ts';
import { NodeFactsSchema } from './node-facts.ts';
import { graphFailure, nodeFacts, step, walk, type Reached } from './walk.ts';

export const TOOL_NAME = 'get_blast_radius';
export const MAX_BLAST_HOPS = 6;

export const GetBlastRadiusInputSchema = strictInput({
  service: ServiceNameSchema.describe('the service that fails (or is suspected), e.g. inventory-service'),
  maxHops: z
    .number()
    .int('maxHops must be a whole number')
    .min(1, 'maxHops must be at least 1')
    .max(MAX_BLAST_HOPS, `maxHops must be at most ${MAX_BLAST_HOPS}`)
    .default(3)
    .describe(`how far up the callers to walk (default 3, max ${MAX_BLAST_HOPS})`),
  limit: limitSchema({ default: 30, what: 'affected services (nearest first)' }),
});
export type GetBlastRadiusInput = z.infer<typeof GetBlastRadiusInputSchema>;

export const AffectedServiceSchema = NodeFactsSchema.extend({
  name: z.string(),
  hops: z.number().int().describe('calls between it and the failing service'),
  via: z.array(z.string()).describe('a shortest call path from it down to the failing service'),
  entryPoint: z.boolean().describe('nothing in the catalog calls it: it faces users or the outside'),
});
export type AffectedService = z.infer<typeof AffectedServiceSchema>;

export const GetBlastRadiusOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  found: z.boolean(),
  affected: z.array(AffectedServiceSchema).describe('transitive callers, nearest first'),
  totals: z.object({ affected: z.number().int(), entryPoints: z.number().int() }),
  entryPoints: z.array(z.string()).describe('affected services nothing else calls (user-facing)'),
  teams: z.array(z.string()).describe('teams owning affected services'),
  channels: z.array(z.string()).describe('owner channels of affected services'),
  mostCriticalTier: z.number().int().nullable().describe('lowest tier number among affected services (1 = most critical)'),
});
export type GetBlastRadiusOutput = z.infer<typeof GetBlastRadiusOutputSchema>;

export interface BlastRaw {
  node: ServiceNode | undefined;
  callers: Reached[];
  nodes: ReadonlyMap<string, ServiceNode | undefined>;
  /** Names of reached services that have no callers of their own. */
  entryPoints: ReadonlySet<string>;
  error?: { message: string; retryable: boolean };
}

export function summarize(raw: BlastRaw, input: GetBlastRadiusInput): GetBlastRadiusOutput {
  const all: AffectedService[] = raw.callers.map((r) => ({
    name: r.name,
    hops: r.hops,
    via: [...r.path].reverse(),
    entryPoint: raw.entryPoints.has(r.name),
    ...nodeFacts(raw.nodes.get(r.name)),
  }));
  const { items, truncated } = takeCapped(all, input.limit);
  const entryPoints = all.filter((a) => a.entryPoint).map((a) => a.name).sort();
  const teams = [...new Set(all.map((a) => a.team).filter((t): t is string => t !== undefined))].sort();
  const channels = [...new Set(all.map((a) => a.channel).filter((c): c is string => c !== undefined))].sort();
  const tiers = all.map((a) => a.tier).filter((t): t is number => t !== undefined);
  const found = raw.node !== undefined;
  const hints: string[] = [];
  if (raw.error) hints.push('The failure is transient: call the tool again.');
  else if (!found && all.length === 0) hints.push(`The service catalog has no service named ${input.service}; check the spelling.`);
  else if (all.length === 0) hints.push(`Nothing in the catalog calls ${input.service} within ${input.maxHops} hops: a failure stays local (or its callers are not in the catalog).`);
  else {
    hints.push(`A failure of ${input.service} can reach ${all.length} service(s)${entryPoints.length > 0 ? `, surfacing to users through ${entryPoints.join(', ')}` : ''}.`);
    if (truncated) hints.push(`Showing the ${input.limit} nearest of ${all.length}; totals, teams and channels cover all of them.`);
  }
  return {
    status: raw.error ? 'error' : !found && all.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    found,
    affected: items,
    totals: { affected: all.length, entryPoints: entryPoints.length },
    entryPoints,
    teams,
    channels,
    mostCriticalTier: tiers.length > 0 ? Math.min(...tiers) : null,
  };
}

export function describeCall(input: GetBlastRadiusInput): string {
  return `Service graph blast radius of ${input.service} (callers within ${input.maxHops} hops)`;
}

async function run(deps: GraphToolDeps, input: GetBlastRadiusInput): Promise<GetBlastRadiusOutput> {
  try {
    const node = await deps.graph.getService(input.service);
    const callers = await walk(deps.graph, input.service, 'upstream', input.maxHops);
    const nodes = await nodesOf(deps.graph, callers.map((r) => r.name));
    const entryPoints = new Set<string>();
    for (const r of callers) if ((await step(deps.graph, r.name, 'upstream')).length === 0) entryPoints.add(r.name);
    return summarize({ node, callers, nodes, entryPoints }, input);
  } catch (error) {
    deps.logger.warn({ tool: TOOL_NAME, err: error }, 'service graph walk failed');
    return summarize({ node: undefined, callers: [], nodes: new Map(), entryPoints: new Set(), error: graphFailure(error, `walking the callers of ${input.service}`) }, input);
  }
}

export const getBlastRadiusTool: ToolDefinition<GetBlastRadiusInput, GetBlastRadiusOutput, GraphToolDeps> = {
  name: TOOL_NAME,
  title: 'Get blast radius (service graph)',
  description:
    'Who is affected if one service fails: its transitive callers within k hops (nearest first, with the call path), the user-facing entry points among them, and the owning teams and channels.',
  inputSchema: GetBlastRadiusInputSchema,
  outputSchema: GetBlastRadiusOutputSchema,
  describeCall,
  run,
};

export function registerGetBlastRadiusTool(server: McpServer, deps: GraphToolDeps): void {
  registerToolDefinition(server, getBlastRadiusTool, deps, deps.logger);
}
