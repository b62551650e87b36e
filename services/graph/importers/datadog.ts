// Dependencies as Datadog APM sees them: GET /api/v1/service_dependencies?env=<env>, answering
// { "<service>": { "calls": ["<service>", ...] } }. The endpoint is documented (Service Dependencies
// API) but absent from Datadog's OpenAPI specs, so @datadog/datadog-api-client has no method for it;
// this is a plain fetch with the same DD-API-KEY / DD-APPLICATION-KEY headers the client sends.
import { z } from 'zod';
import { compareNames } from '../graph-index.ts';
import type { ServiceNode } from '../service-graph.ts';
import { guessKind } from './guess-kind.ts';

export const DatadogServiceDependenciesSchema = z.record(z.string().min(1), z.object({ calls: z.array(z.string().min(1)) }));
export type DatadogServiceDependencies = z.infer<typeof DatadogServiceDependenciesSchema>;

export const DatadogDependenciesOptionsSchema = z.object({
  /** API base URL: https://api.datadoghq.com, https://api.datadoghq.eu, ... or a fake's URL. */
  baseUrl: z.url(),
  apiKey: z.string().min(1),
  appKey: z.string().min(1),
  env: z.string().min(1),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type DatadogDependenciesOptions = z.input<typeof DatadogDependenciesOptionsSchema>;

export class DatadogDependenciesError extends Error {}

/**
 * The instrumented services (the payload's keys) are services; names that only appear as callees are
 * what APM infers from client spans (datastores, queues, external hosts), so their kind is guessed
 * from the name. Calls keep the payload's order.
 */
export function importFromDatadogDependencies(payload: unknown): ServiceNode[] {
  const parsed = DatadogServiceDependenciesSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatadogDependenciesError(`Datadog service dependencies: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const instrumented = Object.keys(parsed.data).sort(compareNames);
  const nodes: ServiceNode[] = instrumented.map((name) => ({
    name,
    kind: 'service',
    dependsOn: [...new Set(parsed.data[name]!.calls)].filter((callee) => callee !== name),
  }));
  const known = new Set(instrumented);
  const calleesOnly = [...new Set(nodes.flatMap((node) => node.dependsOn))].filter((name) => !known.has(name)).sort(compareNames);
  return [...nodes, ...calleesOnly.map((name): ServiceNode => ({ name, kind: guessKind(name) ?? 'external', dependsOn: [] }))];
}

export async function fetchDatadogServiceDependencies(options: DatadogDependenciesOptions, fetchImpl: typeof fetch = fetch): Promise<ServiceNode[]> {
  const parsedOptions = DatadogDependenciesOptionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0]!;
    throw new DatadogDependenciesError(`Datadog service dependencies: option ${issue.path.join('.')}: ${issue.message}`);
  }
  const { baseUrl, apiKey, appKey, env, timeoutMs } = parsedOptions.data;
  const url = new URL('/api/v1/service_dependencies', baseUrl);
  url.searchParams.set('env', env);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { 'DD-API-KEY': apiKey, 'DD-APPLICATION-KEY': appKey, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DatadogDependenciesError(`Datadog service dependencies: GET ${url.origin}${url.pathname} failed: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DatadogDependenciesError(`Datadog service dependencies: GET ${url.pathname}?env=${env} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DatadogDependenciesError(`Datadog service dependencies: the answer is not JSON: ${text.slice(0, 200)}`);
  }
  return importFromDatadogDependencies(body);
}
