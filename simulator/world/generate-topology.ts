// More topologies from a seed: a layered system (edge gateways, domain services, datastores, queues,
// external APIs) with mixed runtimes, teams and tiers. Deterministic: the same seed and size give the
// same topology. Dependencies only point to later layers, so the graph has no cycles.
import { hash32, intBetween, pickOne } from './seeded-hash.ts';
import type { Topology, TopologyService } from './topology.ts';

const DOMAINS = ['orders', 'billing', 'catalog', 'pricing', 'shipping', 'profiles', 'reviews', 'coupons', 'wallet', 'loyalty', 'tickets', 'booking', 'routing', 'media', 'search', 'alerts', 'quotes', 'claims', 'policies', 'invoices', 'payouts', 'ratings', 'messages', 'tracking', 'inventory', 'returns', 'subscriptions', 'onboarding', 'audit', 'exports'];
const LANGUAGES = ['go', 'java', 'python', 'node'] as const;
const EXTERNALS = ['payment-gateway', 'dns-provider', 'sms-gateway', 'geo-api', 'email-api', 'tax-api'];

export interface GenerateTopologyInput {
  seed: number;
  /** Total components, 8 to 200. */
  services: number;
  name?: string;
}

export function generateTopology({ seed, services: size, name }: GenerateTopologyInput): Topology {
  if (!Number.isInteger(size) || size < 8 || size > 200) throw new Error(`services: must be an integer from 8 to 200, got ${size}`);
  const topoName = name ?? `system-${hash32(seed, 'name').toString(36).slice(0, 4)}`;
  const datastores = Math.max(2, Math.round(size * 0.18));
  const caches = Math.max(1, Math.round(size * 0.1));
  const queues = Math.max(1, Math.round(size * 0.08));
  const externals = Math.max(1, Math.min(EXTERNALS.length, Math.round(size * 0.08)));
  const apps = size - datastores - caches - queues - externals;
  const edges = Math.max(1, Math.round(apps * 0.15));
  const list: TopologyService[] = [];
  const domains = [...DOMAINS].sort((a, b) => hash32(seed, a) - hash32(seed, b));
  const platform = { team: 'platform', channel: '#team-platform' };
  const lower: string[] = [];
  for (let i = 0; i < datastores; i++) list.push({ name: `${domains[i % domains.length]}-db${i >= domains.length ? `-${i}` : ''}`, kind: 'database', technology: 'postgres', ...platform, tier: 1, dependsOn: [] });
  for (let i = 0; i < caches; i++) list.push({ name: `${domains[(i + 3) % domains.length]}-cache${i >= domains.length ? `-${i}` : ''}`, kind: 'cache', technology: 'redis', ...platform, tier: 2, dependsOn: [] });
  for (let i = 0; i < queues; i++) list.push({ name: `${domains[(i + 5) % domains.length]}-events${i >= domains.length ? `-${i}` : ''}`, kind: 'queue', technology: pickOne(['kafka', 'rabbitmq'], seed, 'queue', i), ...platform, tier: 2, dependsOn: [] });
  for (let i = 0; i < externals; i++) {
    const external = EXTERNALS[i] as string;
    list.push({ name: external, kind: 'external', ...(external === 'dns-provider' ? { technology: 'dns' } : {}), dependsOn: [] });
  }
  lower.push(...list.map((service) => service.name));
  const appNames: string[] = [];
  for (let i = 0; i < apps; i++) {
    const domain = domains[i % domains.length] as string;
    const edge = i >= apps - edges;
    appNames.push(edge ? `${domain}-gateway` : i >= domains.length ? `${domain}-worker-${i}` : `${domain}-service`);
  }
  // Build bottom-up: app i may call lower components and apps with a smaller index.
  appNames.forEach((appName, i) => {
    const edge = i >= apps - edges;
    const language = pickOne(LANGUAGES, seed, appName, 'lang');
    const team = edge ? 'edge' : (domains[i % domains.length] as string);
    const candidatesApps = appNames.slice(0, i);
    const dependsOn = new Set<string>();
    const appCalls = edge ? intBetween(2, 4, seed, appName, 'calls') : intBetween(0, 2, seed, appName, 'calls');
    for (let k = 0; k < appCalls && candidatesApps.length > 0; k++) dependsOn.add(pickOne(candidatesApps.slice(Math.max(0, candidatesApps.length - 12)), seed, appName, 'app', k));
    if (!edge) {
      const stores = intBetween(1, 2, seed, appName, 'stores');
      for (let k = 0; k < stores; k++) dependsOn.add(pickOne(lower, seed, appName, 'lower', k));
    }
    const resource = appName.replace(/-(service|gateway|worker-\d+)$/, '');
    list.push({
      name: appName,
      kind: 'service',
      language,
      team,
      channel: `#team-${team}`,
      tier: edge ? 1 : intBetween(1, 3, seed, appName, 'tier'),
      replicas: edge ? 3 : intBetween(2, 3, seed, appName, 'replicas'),
      endpoints: [`GET /v1/${resource}/{id}`, `POST /v1/${resource}`],
      dependsOn: [...dependsOn],
    });
  });
  // Every lower component gets at least one caller, so faults there have someone to notice.
  const called = new Set(list.flatMap((service) => service.dependsOn));
  const workers = list.filter((service) => service.kind === 'service' && service.tier !== 1);
  for (const name of lower) {
    if (called.has(name) || workers.length === 0) continue;
    pickOne(workers, seed, name, 'adopt').dependsOn.push(name);
  }
  return { name: topoName, alertChannel: `#alerts-${topoName}`, services: [...list.filter((service) => service.kind === 'service').reverse(), ...list.filter((service) => service.kind !== 'service')] };
}
