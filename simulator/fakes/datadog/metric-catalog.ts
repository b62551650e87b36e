// Which Datadog metric names exist, for which services, under the world's naming variant. The fake
// knows how to compute each metric from its variant-0 ("base") name (DATADOG_METRICS); a variant
// renames it per service (`trace.flask.request.errors` on a Python service), so a query by the
// renamed metric must find the base computation and only the services that report under that name.
import type { MetricSource } from '../../world/telemetry.ts';
import type { ServedWorld } from '../shared/served-world.ts';

export interface MetricCatalog {
  /** For a vendor metric name: service -> base name, or undefined when no service reports it. */
  resolve(metric: string): ReadonlyMap<string, string> | undefined;
  /** Every metric name some source reports, sorted. */
  activeNames(): string[];
  /** The metric names a service reports, sorted. */
  namesForService(service: string): string[];
}

/**
 * The vendor name of a base metric for one service. The world's naming takes canonical names and
 * variant 0's Datadog names alike; the base names are the latter, so errors and hits (both computed
 * from `requests.per_s`) keep distinct names under every variant.
 */
export function vendorMetricName(world: ServedWorld, base: string, service: string): string {
  return world.naming.metric(base, service);
}

export function createMetricCatalog(world: ServedWorld, bases: Record<string, { canonical: string }>, reports: (base: string, source: MetricSource) => boolean): MetricCatalog {
  const index = new Map<string, Map<string, string>>();
  const byService = new Map<string, Set<string>>();
  const sources = world.telemetry.sources();
  for (const base of Object.keys(bases)) {
    for (const service of world.topology.services) {
      const own = sources.filter((source) => source.service === service.name);
      if (!own.some((source) => reports(base, source))) continue;
      const name = vendorMetricName(world, base, service.name);
      const services = index.get(name) ?? new Map<string, string>();
      services.set(service.name, base);
      index.set(name, services);
      const names = byService.get(service.name) ?? new Set<string>();
      names.add(name);
      byService.set(service.name, names);
    }
  }
  const active = [...index.keys()].sort();
  return {
    resolve: (metric) => index.get(metric),
    activeNames: () => active,
    namesForService: (service) => [...(byService.get(service) ?? [])].sort(),
  };
}
