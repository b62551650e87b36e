// find_dependency_paths: how two services are connected through calls (shortest first), in either
// direction: "can a failure in orders-db explain errors on storefront-web, and through whom?".
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServiceGraph } from '../../../graph/service-graph.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import type { GraphToolDeps } from './get-service-neighbours.ts';
import { graphFailure, step } from './walk.ts';

export const TOOL_NAME = 'find_dependency_paths';
export const MAX_PATH_HOPS = 6;
/** Paths enumerated before giving up: dense graphs have exponentially many. */
export const MAX_PATHS_EXPLORED = 1000;

export const FindDependencyPathsInputSchema = strictInput({
  from: ServiceNameSchema.describe('one service, e.g. the alerting one (storefront-web)'),
  to: ServiceNameSchema.describe('the other service, e.g. a suspected cause (orders-db)'),
  maxHops: z
    .number()
    .int('maxHops must be a whole number')
    .min(1, 'maxHops must be at least 1')
    .max(MAX_PATH_HOPS, `maxHops must be at most ${MAX_PATH_HOPS}`)
    .default(4)
    .describe(`longest path to consider, in calls (default 4, max ${MAX_PATH_HOPS})`),
  limit: limitSchema({ default: 10, max: 30, what: 'paths (shortest first)' }),
});
export type FindDependencyPathsInput = z.infer<typeof FindDependencyPathsInputSchema>;

export const DependencyPathSchema = z.object({
  services: z.array(z.string()).describe('the path in call order: each service calls the next'),
  hops: z.number().int(),
});

export const FindDependencyPathsOutputSchema = z.object({
  ...envelopeShape,
  from: z.string(),
  to: z.string(),
  direction: z.enum(['from_calls_to', 'to_calls_from', 'none']).describe('from_calls_to: `from` depends on `to` (a fault in `to` can reach `from`)'),
  paths: z.array(DependencyPathSchema).describe('shortest first'),
  totalPaths: z.number().int().describe('paths found within maxHops (a lower bound when truncated)'),
});
export type FindDependencyPathsOutput = z.infer<typeof FindDependencyPathsOutputSchema>;

export interface PathsRaw {
  /** Simple paths from `from` to `to` following calls. */
  forward: string[][];
  /** Simple paths from `to` to `from` following calls. */
  backward: string[][];
  known: { from: boolean; to: boolean };
  /** True when enumeration stopped at MAX_PATHS_EXPLORED. */
  exhausted: boolean;
  error?: { message: string; retryable: boolean };
}

/** Simple paths (no repeated service) from start to goal following calls, depth-first, bounded. */
export async function simplePaths(graph: ServiceGraph, start: string, goal: string, maxHops: number): Promise<{ paths: string[][]; exhausted: boolean }> {
  const paths: string[][] = [];
  let explored = 0;
  const visit = async (path: string[]): Promise<void> => {
    if (explored >= MAX_PATHS_EXPLORED) return;
    const last = path[path.length - 1] as string;
    if (last === goal && path.length > 1) {
      paths.push(path);
      explored++;
      return;
    }
    if (path.length - 1 >= maxHops) return;
    for (const next of await step(graph, last, 'downstream')) {
      if (path.includes(next)) continue;
      explored++;
      await visit([...path, next]);
    }
  };
  if (start !== goal) await visit([start]);
  return { paths, exhausted: explored >= MAX_PATHS_EXPLORED };
}

function rank(paths: string[][]): string[][] {
  return [...paths].sort((a, b) => a.length - b.length || a.join('>').localeCompare(b.join('>')));
}

export function summarize(raw: PathsRaw, input: FindDependencyPathsInput): FindDependencyPathsOutput {
  const direction = raw.forward.length > 0 ? 'from_calls_to' : raw.backward.length > 0 ? 'to_calls_from' : 'none';
  const all = rank(direction === 'from_calls_to' ? raw.forward : direction === 'to_calls_from' ? raw.backward : []);
  const paths = all.slice(0, input.limit).map((services) => ({ services, hops: services.length - 1 }));
  const truncated = all.length > input.limit || raw.exhausted;
  const hints: string[] = [];
  if (raw.error) hints.push('The failure is transient: call the tool again.');
  else if (input.from === input.to) hints.push('from and to name the same service; pass two different services.');
  else if (direction === 'none') {
    const unknown = [raw.known.from ? undefined : input.from, raw.known.to ? undefined : input.to].filter(Boolean);
    hints.push(
      unknown.length > 0
        ? `The service catalog does not know ${unknown.join(' or ')}; check the spelling.`
        : `No call path between ${input.from} and ${input.to} within ${input.maxHops} hops in either direction; a fault in one is unlikely to explain symptoms in the other (unless they share infrastructure).`,
    );
  } else {
    const [callee, caller] = direction === 'from_calls_to' ? [input.to, input.from] : [input.from, input.to];
    hints.push(`${caller} depends on ${callee}: a fault in ${callee} can surface as errors or latency in ${caller} along these paths.`);
    if (raw.forward.length > 0 && raw.backward.length > 0) hints.push('The services also call each other the other way round (a cycle).');
    if (truncated) hints.push(`Showing ${paths.length} of ${raw.exhausted ? 'at least ' : ''}${all.length} paths; lower maxHops to see only the shortest.`);
  }
  return {
    status: raw.error ? 'error' : direction === 'none' ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    from: input.from,
    to: input.to,
    direction,
    paths,
    totalPaths: all.length,
  };
}

export function describeCall(input: FindDependencyPathsInput): string {
  return `Service graph paths between ${input.from} and ${input.to} (at most ${input.maxHops} hops)`;
}

async function run(deps: GraphToolDeps, input: FindDependencyPathsInput): Promise<FindDependencyPathsOutput> {
  try {
    const [fromNode, toNode] = await Promise.all([deps.graph.getService(input.from), deps.graph.getService(input.to)]);
    const forward = await simplePaths(deps.graph, input.from, input.to, input.maxHops);
    const backward = await simplePaths(deps.graph, input.to, input.from, input.maxHops);
    return summarize(
      { forward: forward.paths, backward: backward.paths, known: { from: fromNode !== undefined, to: toNode !== undefined }, exhausted: forward.exhausted || backward.exhausted },
      input,
    );
  } catch (error) {
    deps.logger.warn({ tool: TOOL_NAME, err: error }, 'service graph path search failed');
    return summarize(
      { forward: [], backward: [], known: { from: false, to: false }, exhausted: false, error: graphFailure(error, `finding paths between ${input.from} and ${input.to}`) },
      input,
    );
  }
}

export const findDependencyPathsTool: ToolDefinition<FindDependencyPathsInput, FindDependencyPathsOutput, GraphToolDeps> = {
  name: TOOL_NAME,
  title: 'Find dependency paths (service graph)',
  description:
    'Call paths between two services in the service catalog, shortest first, and which one depends on the other: whether a fault in one can explain symptoms in the other.',
  inputSchema: FindDependencyPathsInputSchema,
  outputSchema: FindDependencyPathsOutputSchema,
  describeCall,
  run,
};

export function registerFindDependencyPathsTool(server: McpServer, deps: GraphToolDeps): void {
  registerToolDefinition(server, findDependencyPathsTool, deps, deps.logger);
}
