// get_service_neighbours: who calls the service (upstream) and what it calls (downstream) within
// k hops, from the service catalog: the first map an on-call engineer draws.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServiceGraph, ServiceNode } from '../../../graph/service-graph.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema, takeCapped } from '../../shared/limit.ts';
import type { Logger } from '../../shared/logger.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { NodeFactsSchema } from './node-facts.ts';
import { graphFailure, nodeFacts, walk, type Reached } from './walk.ts';

export const TOOL_NAME = 'get_service_neighbours';
export const MAX_HOPS = 4;

export const GetServiceNeighboursInputSchema = strictInput({
  service: ServiceNameSchema,
  hops: z.number().int('hops must be a whole number').min(1, 'hops must be at least 1').max(MAX_HOPS, `hops must be at most ${MAX_HOPS}`).default(1).describe(`how many hops to walk (default 1, max ${MAX_HOPS})`),
  direction: z.enum(['upstream', 'downstream', 'both']).default('both').describe('upstream = its callers, downstream = what it calls, both (default)'),
  limit: limitSchema({ default: 30, what: 'neighbours (nearest first)' }),
});
export type GetServiceNeighboursInput = z.infer<typeof GetServiceNeighboursInputSchema>;

export const NeighbourSchema = NodeFactsSchema.extend({
  name: z.string(),
  direction: z.enum(['upstream', 'downstream']),
  hops: z.number().int(),
  path: z.array(z.string()).describe('a shortest path between the service and this neighbour, in call order (caller first)'),
});
export type Neighbour = z.infer<typeof NeighbourSchema>;

export const GetServiceNeighboursOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  found: z.boolean().describe('whether the catalog knows the service'),
  node: NodeFactsSchema.nullable(),
  upstream: z.array(NeighbourSchema).describe('callers, nearest first'),
  downstream: z.array(NeighbourSchema).describe('callees, nearest first'),
  totals: z.object({ upstream: z.number().int(), downstream: z.number().int() }),
});
export type GetServiceNeighboursOutput = z.infer<typeof GetServiceNeighboursOutputSchema>;

export interface NeighboursRaw {
  node: ServiceNode | undefined;
  upstream: Reached[];
  downstream: Reached[];
  nodes: ReadonlyMap<string, ServiceNode | undefined>;
  error?: { message: string; retryable: boolean };
}

export function summarize(raw: NeighboursRaw, input: GetServiceNeighboursInput): GetServiceNeighboursOutput {
  const toNeighbour = (direction: 'upstream' | 'downstream') => (r: Reached): Neighbour => ({
    name: r.name,
    direction,
    hops: r.hops,
    path: r.path,
    ...nodeFacts(raw.nodes.get(r.name)),
  });
  // The limit is shared: nearest first across both directions, so one busy side cannot hide the other's first hop.
  const all = [...raw.upstream.map(toNeighbour('upstream')), ...raw.downstream.map(toNeighbour('downstream'))].sort(
    (a, b) => a.hops - b.hops || a.direction.localeCompare(b.direction) || a.name.localeCompare(b.name),
  );
  const { items, truncated } = takeCapped(all, input.limit);
  const hints: string[] = [];
  const found = raw.node !== undefined;
  if (raw.error) hints.push('The failure is transient: call the tool again.');
  else if (!found && all.length === 0) {
    hints.push(`The service catalog has no service named ${input.service}; check the spelling (names as in the catalog, e.g. checkout-api).`);
  } else {
    if (all.length === 0) hints.push(`${input.service} has no ${input.direction === 'both' ? '' : `${input.direction} `}neighbours in the catalog within ${input.hops} hop(s).`);
    if (truncated) hints.push(`Showing the ${input.limit} nearest of ${all.length} neighbours; lower hops or pick one direction.`);
    const down = raw.downstream.filter((r) => r.hops === 1).map((r) => r.name);
    if (down.length > 0) hints.push(`Check the direct dependencies first (${down.join(', ')}): a failing dependency shows up as errors here.`);
  }
  return {
    status: raw.error ? 'error' : !found && all.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    found,
    node: found ? nodeFacts(raw.node) : null,
    upstream: items.filter((n) => n.direction === 'upstream').map((n) => ({ ...n, path: [...n.path].reverse() })),
    downstream: items.filter((n) => n.direction === 'downstream'),
    totals: { upstream: raw.upstream.length, downstream: raw.downstream.length },
  };
}

export function describeCall(input: GetServiceNeighboursInput): string {
  const what = input.direction === 'both' ? 'callers and dependencies' : input.direction === 'upstream' ? 'callers' : 'dependencies';
  return `Service graph ${what} of ${input.service} within ${input.hops} hop(s)`;
}

export interface GraphToolDeps {
  graph: ServiceGraph;
  logger: Logger;
}

/** Catalog entries for a set of names, fetched once each. */
export async function nodesOf(graph: ServiceGraph, names: Iterable<string>): Promise<Map<string, ServiceNode | undefined>> {
  const unique = [...new Set(names)].sort();
  const nodes = await Promise.all(unique.map((name) => graph.getService(name)));
  return new Map(unique.map((name, i) => [name, nodes[i]]));
}

async function run(deps: GraphToolDeps, input: GetServiceNeighboursInput): Promise<GetServiceNeighboursOutput> {
  try {
    const node = await deps.graph.getService(input.service);
    const upstream = input.direction === 'downstream' ? [] : await walk(deps.graph, input.service, 'upstream', input.hops);
    const downstream = input.direction === 'upstream' ? [] : await walk(deps.graph, input.service, 'downstream', input.hops);
    const nodes = await nodesOf(deps.graph, [...upstream, ...downstream].map((r) => r.name));
    return summarize({ node, upstream, downstream, nodes }, input);
  } catch (error) {
    deps.logger.warn({ tool: TOOL_NAME, err: error }, 'service graph walk failed');
    return summarize({ node: undefined, upstream: [], downstream: [], nodes: new Map(), error: graphFailure(error, `walking the neighbours of ${input.service}`) }, input);
  }
}

export const getServiceNeighboursTool: ToolDefinition<GetServiceNeighboursInput, GetServiceNeighboursOutput, GraphToolDeps> = {
  name: TOOL_NAME,
  title: 'Get service neighbours (service graph)',
  description:
    'Callers (upstream) and dependencies (downstream) of one service within k hops of the service catalog, nearest first, with kind, language, team, tier and owner channel of each.',
  inputSchema: GetServiceNeighboursInputSchema,
  outputSchema: GetServiceNeighboursOutputSchema,
  describeCall,
  run,
};

export function registerGetServiceNeighboursTool(server: McpServer, deps: GraphToolDeps): void {
  registerToolDefinition(server, getServiceNeighboursTool, deps, deps.logger);
}
