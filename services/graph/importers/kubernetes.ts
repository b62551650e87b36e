// Dependencies as a Kubernetes cluster declares them: each Deployment is a service (named after the
// Service that selects its pods, else after itself), and an env var that names another service's
// host is a call: INVENTORY_URL=http://inventory-service.prod.svc.cluster.local:8080,
// REDIS_ADDR=redis-cart:6379, ORDERS_DB_HOST=orders-db.prod. Read through the official client.
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Deployment, type V1Service } from '@kubernetes/client-node';
import { compareNames } from '../graph-index.ts';
import type { ServiceKind, ServiceNode } from '../service-graph.ts';
import { guessKind, guessKindFromImage } from './guess-kind.ts';

/** Annotations a team can put on a Deployment (or Service) to fill in what the cluster cannot know. */
export const ANNOTATIONS = {
  team: 'ariadne.dev/team',
  channel: 'ariadne.dev/channel',
  language: 'ariadne.dev/language',
  tier: 'ariadne.dev/tier',
  kind: 'ariadne.dev/kind',
} as const;

const HOST_VAR = /_(HOST|HOSTS|HOSTNAME|ADDR|ADDRS|ADDRESS|ADDRESSES|SERVER|SERVERS|BROKERS|ENDPOINT|ENDPOINTS)$/i;
const DNS_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const KINDS: readonly ServiceKind[] = ['service', 'database', 'cache', 'queue', 'external'];

export interface KubernetesObjects {
  deployments: readonly V1Deployment[];
  services?: readonly V1Service[];
}

export interface KubernetesImportOptions {
  /** Hosts in env vars that name no service in the cluster become `external` nodes. Default false. */
  includeExternal?: boolean;
}

/** The hosts an env var points at: any URL in its value, and host[:port] lists in *_HOST / *_ADDR-style vars. */
export function hostsInEnvVar(name: string, value: string): string[] {
  const hosts: string[] = [];
  for (const token of value.split(/[\s,;]+/).filter(Boolean)) {
    if (token.includes('://')) {
      try {
        hosts.push(new URL(token).hostname);
      } catch {
        // not a URL after all (a template, a DSN with odd characters): nothing to learn
      }
    } else if (HOST_VAR.test(name)) {
      hosts.push(token.replace(/^\[|\]$/g, '').replace(/:\d+$/, ''));
    }
  }
  return hosts.map((host) => host.toLowerCase().replace(/\.$/, '')).filter((host) => DNS_NAME.test(host) && !/^[\d.]+$/.test(host) && host !== 'localhost');
}

/** Nodes from Deployment and Service objects (apps/v1 and core/v1 shapes), sorted by name. */
export function importFromKubernetesObjects(objects: KubernetesObjects, options: KubernetesImportOptions = {}): ServiceNode[] {
  const services = objects.services ?? [];
  const nodes = new Map<string, ServiceNode>();
  // host resolution: `<name>` anywhere, `<name>.<namespace>` with or without `.svc[.<cluster domain>]`
  const namespacesOf = new Map<string, Set<string>>();
  const remember = (name: string, namespace: string | undefined) => {
    namespacesOf.set(name, (namespacesOf.get(name) ?? new Set()).add(namespace ?? 'default'));
  };

  const serviceNameFor = (deployment: V1Deployment): string => {
    const namespace = deployment.metadata?.namespace ?? 'default';
    const labels = deployment.spec?.template?.metadata?.labels ?? {};
    const selecting = services
      .filter((service) => (service.metadata?.namespace ?? 'default') === namespace)
      .filter((service) => {
        const selector = service.spec?.selector;
        return selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
      })
      .map((service) => service.metadata?.name ?? '')
      .filter(Boolean)
      .sort(compareNames);
    return selecting[0] ?? deployment.metadata?.name ?? '';
  };

  const envOf = new Map<string, { name: string; value: string }[]>();
  for (const deployment of objects.deployments) {
    const name = serviceNameFor(deployment);
    if (!name) continue;
    remember(name, deployment.metadata?.namespace);
    const annotations = { ...deployment.metadata?.labels, ...deployment.metadata?.annotations };
    const containers = deployment.spec?.template?.spec?.containers ?? [];
    const imageKind = containers.map((container) => guessKindFromImage(container.image ?? '')).find((kind) => kind !== undefined);
    const declaredKind = annotations[ANNOTATIONS.kind] as ServiceKind | undefined;
    const tier = Number.parseInt(annotations[ANNOTATIONS.tier] ?? '', 10);
    const team = annotations[ANNOTATIONS.team] ?? deployment.metadata?.labels?.['team'];
    const channel = annotations[ANNOTATIONS.channel];
    const language = annotations[ANNOTATIONS.language];
    nodes.set(name, {
      name,
      kind: declaredKind && KINDS.includes(declaredKind) ? declaredKind : (imageKind ?? guessKind(name) ?? 'service'),
      ...(language ? { language } : {}),
      ...(team ? { team } : {}),
      ...(channel ? { channel } : {}),
      ...(Number.isInteger(tier) ? { tier } : {}),
      dependsOn: [],
    });
    const env = containers.flatMap((container) => container.env ?? []).flatMap((variable) => (variable.value ? [{ name: variable.name, value: variable.value }] : []));
    envOf.set(name, [...(envOf.get(name) ?? []), ...env]);
  }
  // Services without a Deployment behind them (ExternalName, StatefulSet-backed datastores) are still callees.
  for (const service of services) {
    const name = service.metadata?.name;
    if (!name) continue;
    remember(name, service.metadata?.namespace);
    if (nodes.has(name)) continue;
    const external = service.spec?.type === 'ExternalName';
    nodes.set(name, { name, kind: external ? 'external' : (guessKind(name) ?? 'service'), dependsOn: [] });
  }

  const resolve = (host: string): string | undefined => {
    const [first, second, third] = host.split('.');
    const candidates = namespacesOf.get(first!);
    // `<pod>.<headless service>[.<namespace>...]`: a StatefulSet member, e.g. kafka-0.kafka:9092
    if (!candidates) return second !== undefined && namespacesOf.has(second) && (third === undefined || namespacesOf.get(second)!.has(third)) ? second : undefined;
    if (second === undefined) return first; // bare name, resolved in the caller's namespace or any
    if (candidates.has(second) && (third === undefined || third === 'svc')) return first;
    return undefined;
  };
  for (const [name, env] of envOf) {
    const node = nodes.get(name)!;
    const calls: string[] = [];
    for (const variable of env) {
      for (const host of hostsInEnvVar(variable.name, variable.value)) {
        const target = resolve(host);
        if (target !== undefined) calls.push(target);
        else if (options.includeExternal) {
          calls.push(host);
          if (!nodes.has(host)) nodes.set(host, { name: host, kind: 'external', dependsOn: [] });
        }
      }
    }
    node.dependsOn = [...new Set(calls)].filter((callee) => callee !== name);
  }
  return [...nodes.values()].sort((a, b) => compareNames(a.name, b.name));
}

export interface KubernetesSource {
  kubeConfig: KubeConfig;
  /** Namespaces to read; all namespaces when absent. */
  namespaces?: string[];
  /** Told when Services cannot be listed (403 without RBAC for them, 404): the import goes on with Deployments only. */
  onWarning?: (message: string) => void;
}

const PAGE = 500;

/** Lists Deployments and Services through the API (paginated) and imports them. */
export async function importFromKubernetes(source: KubernetesSource, options: KubernetesImportOptions = {}): Promise<ServiceNode[]> {
  const apps = source.kubeConfig.makeApiClient(AppsV1Api);
  const core = source.kubeConfig.makeApiClient(CoreV1Api);
  const scopes: (string | undefined)[] = source.namespaces?.length ? source.namespaces : [undefined];

  const deployments: V1Deployment[] = [];
  const services: V1Service[] = [];
  for (const namespace of scopes) {
    deployments.push(
      ...(await paginate((_continue) =>
        namespace ? apps.listNamespacedDeployment({ namespace, limit: PAGE, _continue }) : apps.listDeploymentForAllNamespaces({ limit: PAGE, _continue }),
      )),
    );
    try {
      services.push(
        ...(await paginate((_continue) =>
          namespace ? core.listNamespacedService({ namespace, limit: PAGE, _continue }) : core.listServiceForAllNamespaces({ limit: PAGE, _continue }),
        )),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 403 && code !== 404) throw error;
      source.onWarning?.(`cannot list Services${namespace ? ` in ${namespace}` : ''} (HTTP ${code}); naming services after their Deployments`);
    }
  }
  return importFromKubernetesObjects({ deployments, services }, options);
}

async function paginate<T>(page: (_continue: string | undefined) => Promise<{ items: T[]; metadata?: { _continue?: string } }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const list = await page(token);
    items.push(...list.items);
    token = list.metadata?._continue || undefined;
  } while (token);
  return items;
}
