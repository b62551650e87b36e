// get_service_dependencies: what the service calls and who calls it, as Datadog APM observed it
// (not as the catalog claims): the live graph, including calls nobody wrote down.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, WindowSchema, windowBounds } from '../../shared/window.ts';
import type { DatadogToolDeps } from './query-service-metrics.ts';
import { dependenciesOf, EnvSchema, fetchServiceDependencies, type ServiceDependenciesResponse } from './service-dependencies.ts';

export const TOOL_NAME = 'get_service_dependencies';
/** Lists longer than this are cut (a gateway service can call hundreds). */
export const MAX_LISTED = 50;

export const GetServiceDependenciesInputSchema = strictInput({
  service: ServiceNameSchema,
  env: EnvSchema,
  window: WindowSchema.optional().describe('restrict to calls seen in this window; default: what Datadog has for the last hour'),
});
export type GetServiceDependenciesInput = z.infer<typeof GetServiceDependenciesInputSchema>;

export const GetServiceDependenciesOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  env: z.string(),
  calls: z.array(z.string()).describe('downstream: services, databases and external APIs it calls'),
  callers: z.array(z.string()).describe('upstream: services that call it'),
  servicesInEnv: z.number().int().describe('services in the env map, for context'),
});
export type GetServiceDependenciesOutput = z.infer<typeof GetServiceDependenciesOutputSchema>;

export interface DependenciesRaw {
  map: ServiceDependenciesResponse;
  error?: { message: string; retryable: boolean };
}

export function summarize(raw: DependenciesRaw, input: GetServiceDependenciesInput): GetServiceDependenciesOutput {
  const deps = dependenciesOf(raw.map, input.service);
  const truncated = deps.calls.length > MAX_LISTED || deps.callers.length > MAX_LISTED;
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (!deps.known) {
    const names = Object.keys(raw.map).sort();
    hints.push(
      `Datadog APM has no dependencies for ${input.service} in env ${input.env}.`,
      names.length > 0
        ? `Services it knows in ${input.env} include: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}. Check the name, or use the service graph tools.`
        : `Datadog returned an empty map for env ${input.env}: check the env name, or use the service graph tools.`,
    );
  } else {
    if (deps.calls.length > 0) hints.push(`Check the dependencies it calls (${deps.calls.slice(0, 5).join(', ')}) for errors that started first.`);
    if (truncated) hints.push(`Lists are cut at ${MAX_LISTED} services.`);
  }
  return {
    status: raw.error ? 'error' : deps.known ? 'ok' : 'no_data',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    env: input.env,
    calls: deps.calls.slice(0, MAX_LISTED),
    callers: deps.callers.slice(0, MAX_LISTED),
    servicesInEnv: Object.keys(raw.map).length,
  };
}

export function describeCall(input: GetServiceDependenciesInput): string {
  return `Datadog APM dependencies of ${input.service} (env ${input.env})${input.window ? `, ${describeWindow(input.window)}` : ''}`;
}

async function run(deps: DatadogToolDeps, input: GetServiceDependenciesInput): Promise<GetServiceDependenciesOutput> {
  const apis = deps.datadog.open();
  try {
    const map = await fetchServiceDependencies(apis, input.env, input.window ? windowBounds(input.window) : undefined);
    return summarize({ map }, input);
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Datadog',
      doing: `reading the service dependencies of ${input.service}`,
      credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the apm_read scope)',
      endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
      timeoutMs: deps.datadog.timeoutMs,
      retryAfterSeconds: apis.retryAfterSeconds(),
    });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog service dependencies failed');
    return summarize({ map: {}, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const getServiceDependenciesTool: ToolDefinition<GetServiceDependenciesInput, GetServiceDependenciesOutput, DatadogToolDeps> = {
  name: TOOL_NAME,
  title: 'Get service dependencies (Datadog APM)',
  description: 'What one service calls and which services call it, as observed by Datadog APM in an env (the live dependency map, not the catalog).',
  inputSchema: GetServiceDependenciesInputSchema,
  outputSchema: GetServiceDependenciesOutputSchema,
  describeCall,
  run,
};

export function registerGetServiceDependenciesTool(server: McpServer, deps: DatadogToolDeps): void {
  registerToolDefinition(server, getServiceDependenciesTool, deps, deps.logger);
}
