// The Datadog service dependencies API (APM, public beta): GET /api/v1/service_dependencies?env=
// answers `{ "<service>": { "calls": ["<service>", ...] }, ... }` as documented on
// docs.datadoghq.com ("Service Dependencies"); it is in no OpenAPI spec, so the shape is checked
// here rather than by the client.
import { z } from 'zod';
import type { DatadogApis } from '../client.ts';

export const ServiceDependenciesResponseSchema = z.record(z.string(), z.object({ calls: z.array(z.string()).default([]) }).loose());
export type ServiceDependenciesResponse = z.infer<typeof ServiceDependenciesResponseSchema>;

export const EnvSchema = z
  .string()
  .min(1, 'env must not be empty')
  .max(100, 'env must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'env must be a Datadog env tag value such as prod')
  .default('prod')
  .describe('Datadog env tag the APM data is reported under (default prod)');

export interface Dependencies {
  known: boolean;
  calls: string[];
  callers: string[];
}

/** The service's callees and callers from the whole env map (callers are not listed per service). */
export function dependenciesOf(map: ServiceDependenciesResponse, service: string): Dependencies {
  const calls = [...new Set(map[service]?.calls ?? [])].filter((s) => s !== service).sort();
  const callers = Object.entries(map)
    .filter(([name, entry]) => name !== service && entry.calls.includes(service))
    .map(([name]) => name)
    .sort();
  return { known: service in map || callers.length > 0, calls, callers };
}

export async function fetchServiceDependencies(
  apis: DatadogApis,
  env: string,
  window?: { fromMs: number; toMs: number },
): Promise<ServiceDependenciesResponse> {
  const body = await apis.getJson('/api/v1/service_dependencies', {
    env,
    ...(window ? { start: String(Math.floor(window.fromMs / 1000)), end: String(Math.ceil(window.toMs / 1000)) } : {}),
  });
  const parsed = ServiceDependenciesResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`the service dependencies response is not a map of {calls: [...]}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
