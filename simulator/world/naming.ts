// Terminology variants of metric names and index names. Variant 0 is the Datadog naming the fakes
// always served (`trace.http.request.errors`, `container.cpu.utilization`); other variants use the
// names real Datadog integrations give the same signal for a runtime (`trace.servlet.request.*` for
// Java, `trace.flask.request.*` for Python, `trace.express.request.*` for Node, `trace.grpc.server.*`
// for some Go services) and the kubelet's `kubernetes.*` container names.
import { hash32 } from './seeded-hash.ts';
import type { Topology } from './topology.ts';
import type { WorldNaming } from './world-contract.ts';

/** Canonical metric -> its variant-0 Datadog name, where there is exactly one. */
const CANONICAL_TO_BASE: Record<string, string> = {
  'requests.per_s': 'trace.http.request.hits',
  'latency.p99_ms': 'trace.http.request.duration.by.service.99p',
  'latency.p95_ms': 'trace.http.request.duration.by.service.95p',
  'latency.p90_ms': 'trace.http.request.duration.by.service.90p',
  'latency.p50_ms': 'trace.http.request.duration.by.service.50p',
  'cpu.utilization_pct': 'container.cpu.utilization',
  'memory.utilization_pct': 'container.memory.utilization',
  'memory.used_bytes': 'container.memory.usage',
  'network.rx_bytes': 'container.net.rcvd',
  'network.tx_bytes': 'container.net.sent',
  'restarts.count': 'kubernetes.containers.restarts',
};

const CONTAINER_RENAMES: Record<string, string> = {
  'container.cpu.utilization': 'kubernetes.cpu.usage.pct',
  'container.memory.utilization': 'kubernetes.memory.usage_pct',
  'container.memory.usage': 'kubernetes.memory.usage',
  'container.net.rcvd': 'kubernetes.network.rx_bytes',
  'container.net.sent': 'kubernetes.network.tx_bytes',
};

/** The APM operation a service's server spans carry under the variant (metrics are `trace.<operation>.*`). */
export function serverOperation(language: string | undefined, service: string, variant: number): string {
  if (variant === 0) return 'http.request';
  switch (language) {
    case 'java':
      return 'servlet.request';
    case 'python':
      return 'flask.request';
    case 'node':
      return 'express.request';
    default:
      return hash32(variant, service, 'grpc') % 2 === 0 ? 'grpc.server' : 'http.request';
  }
}

export function createNaming(topology: Topology, variant: number): WorldNaming {
  const languages = new Map(topology.services.map((service) => [service.name, service.language]));
  const indexes = ['logs-prod', 'prod-logs', 'k8s-logs-prod', 'app-logs-prod'];
  return {
    logsIndex: variant === 0 ? 'logs-prod' : (indexes[1 + (hash32(variant, 'index') % (indexes.length - 1))] as string),
    metric(name, service) {
      const base = CANONICAL_TO_BASE[name] ?? name;
      if (variant === 0) return base;
      if (base.startsWith('trace.http.request.')) {
        const operation = serverOperation(languages.get(service), service, variant);
        return `trace.${operation}.${base.slice('trace.http.request.'.length)}`;
      }
      if (variant % 2 === 1 && CONTAINER_RENAMES[base]) return CONTAINER_RENAMES[base];
      return base;
    },
  };
}
