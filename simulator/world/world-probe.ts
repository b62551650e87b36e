// Read-only questions about a world, phrased the way an engineer looks at dashboards: a service's
// error rate or p99 in a minute, the hottest pod, the lines logged in a span of time. Used by the
// world's tests and benchmarks; it reads only the served members, never the fault model.
import type { World } from './create-world.ts';
import type { LogRecord } from './logs.ts';
import type { CanonicalMetric } from './telemetry.ts';

export const MINUTE = 60_000;

/** Request-weighted error percentage of a service's server metrics in a minute (NaN: no traffic reported). */
export function errorPct(world: World, service: string, bucket: number): number {
  let requests = 0;
  let errors = 0;
  for (const source of world.telemetry.sources().filter((s) => s.service === service && s.kind !== 'pod')) {
    const rps = world.telemetry.value(source, 'requests.per_s', bucket);
    const pct = world.telemetry.value(source, 'error.rate_pct', bucket);
    if (rps === undefined || pct === undefined) continue;
    requests += rps;
    errors += (rps * pct) / 100;
  }
  return requests === 0 ? Number.NaN : (errors / requests) * 100;
}

/** Sum over a service's non-pod sources of a traffic metric (requests.per_s). */
export function sumMetric(world: World, service: string, metric: CanonicalMetric, bucket: number): number {
  return world.telemetry
    .sources()
    .filter((s) => s.service === service && s.kind !== 'pod')
    .map((s) => world.telemetry.value(s, metric, bucket) ?? 0)
    .reduce((a, b) => a + b, 0);
}

/** Mean over a service's non-pod sources (latency, client latency, datastore gauges). */
export function meanMetric(world: World, service: string, metric: CanonicalMetric, bucket: number): number {
  const values = world.telemetry
    .sources()
    .filter((s) => s.service === service && s.kind !== 'pod')
    .map((s) => world.telemetry.value(s, metric, bucket))
    .filter((v): v is number => v !== undefined);
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The highest value of a pod metric across the service's pods in a minute. */
export function maxPodMetric(world: World, service: string, metric: CanonicalMetric, bucket: number): number {
  const values = world.telemetry
    .sources()
    .filter((s) => s.service === service && s.kind === 'pod')
    .map((s) => world.telemetry.value(s, metric, bucket))
    .filter((v): v is number => v !== undefined);
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

export function linesBetween(world: World, service: string, from: number, to: number): LogRecord[] {
  const out: LogRecord[] = [];
  for (let minute = Math.floor(from / MINUTE) * MINUTE; minute < to; minute += MINUTE) out.push(...world.logs.minute(service, minute));
  return out.filter((line) => line.timestamp >= from && line.timestamp < to);
}

export function textBetween(world: World, service: string, from: number, to: number): string {
  return linesBetween(world, service, from, to)
    .map((line) => `${line.message} ${JSON.stringify(line.attributes)}`)
    .join('\n');
}

/** First minute from `from` whose error rate exceeds the threshold. */
export function errorOnset(world: World, service: string, from: number, threshold = 3): number | undefined {
  for (let bucket = from; bucket < world.clock.now; bucket += MINUTE) {
    if (errorPct(world, service, bucket) > threshold) return bucket;
  }
  return undefined;
}

/** Services on no path to or from `root` (neither callers nor callees, transitively). */
export function unrelatedServices(world: World, root: string): string[] {
  const services = world.topology.services;
  const reach = (start: string, next: (name: string) => string[]) => {
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) for (const n of next(queue.shift()!)) if (!seen.has(n)) seen.add(n), queue.push(n);
    return seen;
  };
  const down = reach(root, (name) => services.find((s) => s.name === name)?.dependsOn ?? []);
  const up = reach(root, (name) => services.filter((s) => s.dependsOn.includes(name)).map((s) => s.name));
  const related = new Set([...down, ...up]);
  // Services that share a dependency with the causal path can feel it too (a shared database).
  return services.filter((s) => !related.has(s.name) && !s.dependsOn.some((d) => related.has(d))).map((s) => s.name);
}
