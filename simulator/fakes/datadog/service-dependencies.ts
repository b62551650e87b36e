// Datadog APM service dependencies (public beta, not in the OpenAPI specs). Shapes as documented on
// docs.datadoghq.com "Service Dependencies API" (api/latest/service-dependencies):
//   GET /api/v1/service_dependencies?env=prod            -> { "<service>": { "calls": ["<service>", ...] }, ... }
//   GET /api/v1/service_dependencies/<service>?env=prod  -> { "name": "<service>", "calls": [...], "called_by": [...] }
// `env` is required; keys are the instrumented services, `calls` also names the datastores, queues
// and external hosts they call, as APM infers them from client spans.
import type { ServerResponse } from 'node:http';
import { sendJson } from '../shared/http-kit.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import { ddError } from './datadog-http.ts';

export function serveServiceDependencies(world: ServedWorld) {
  const instrumented = world.topology.services.filter((service) => service.kind === 'service').map((service) => service.name).sort();
  const calls = (name: string) => [...(world.service(name)?.dependsOn ?? [])].sort();
  const calledBy = (name: string) => instrumented.filter((caller) => calls(caller).includes(name));

  function checkEnv(url: URL, res: ServerResponse): boolean {
    const env = url.searchParams.get('env');
    if (env === null || env === '') {
      ddError(res, 400, "Missing required parameter 'env'");
      return false;
    }
    return true;
  }

  return {
    all(url: URL, res: ServerResponse): void {
      if (!checkEnv(url, res)) return;
      const body: Record<string, { calls: string[] }> = {};
      if (url.searchParams.get('env') === 'prod') for (const name of instrumented) body[name] = { calls: calls(name) };
      sendJson(res, 200, body);
    },
    one(service: string, url: URL, res: ServerResponse): void {
      if (!checkEnv(url, res)) return;
      const known = world.service(service);
      if (!known || url.searchParams.get('env') !== 'prod') return ddError(res, 404, `Service ${service} not found`);
      sendJson(res, 200, { name: service, calls: calls(service), called_by: calledBy(service) });
    },
  };
}
