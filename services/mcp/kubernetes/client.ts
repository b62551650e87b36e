// The official Kubernetes client built from a server URL and a bearer token (a service account
// token in production, the simulator's token in tests): same code path, different URL.
import { AppsV1Api, CoreV1Api, KubeConfig, Observable, type ConfigurationOptions, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { z } from 'zod';

export const DEFAULT_KUBERNETES_TIMEOUT_MS = 10_000;

export const KubernetesConfigSchema = z.object({
  server: z.url().describe('API server URL, e.g. https://10.0.0.1:6443'),
  token: z.string().min(1),
  /** Base64 PEM of the cluster CA, for https servers with a private CA. */
  caData: z.string().optional(),
  /** Opt-in only: turns off certificate verification for https servers. */
  insecureSkipTLSVerify: z.boolean().optional(),
  timeoutMs: z.number().int().positive().optional(),
});
export type KubernetesConfig = z.infer<typeof KubernetesConfigSchema>;

export interface KubernetesClient {
  server: string;
  timeoutMs: number;
  core: CoreV1Api;
  apps: AppsV1Api;
  /** Per-call options that put a deadline on the request (the client has none by default). */
  callOptions(): ConfigurationOptions;
}

export function createKubernetesClient(config: KubernetesConfig): KubernetesClient {
  const parsed = KubernetesConfigSchema.parse(config);
  const server = parsed.server.replace(/\/+$/, '');
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_KUBERNETES_TIMEOUT_MS;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'ariadne',
        server,
        // client-node refuses plain http unless skipTLSVerify is set (there is no TLS to verify);
        // on https, verification stays on unless the operator explicitly opts out.
        skipTLSVerify: server.startsWith('http:') || parsed.insecureSkipTLSVerify === true,
        ...(parsed.caData ? { caData: parsed.caData } : {}),
      },
    ],
    users: [{ name: 'ariadne', token: parsed.token }],
    contexts: [{ name: 'ariadne', cluster: 'ariadne', user: 'ariadne' }],
    currentContext: 'ariadne',
  });
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  return {
    server,
    timeoutMs,
    core,
    apps,
    callOptions: () => ({
      middleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return new Observable(Promise.resolve(context));
          },
          post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
        },
      ],
      middlewareMergeStrategy: 'append',
    }),
  };
}

/** Reads KUBERNETES_SERVER and KUBERNETES_TOKEN (plus optional KUBERNETES_CA_DATA); undefined when unset. */
export function kubernetesConfigFromEnv(env: Readonly<Record<string, unknown>>): KubernetesConfig | undefined {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const server = read('KUBERNETES_SERVER');
  const token = read('KUBERNETES_TOKEN');
  if (!server || !token) return undefined;
  const caData = read('KUBERNETES_CA_DATA');
  return {
    server,
    token,
    ...(caData ? { caData } : {}),
    ...(read('KUBERNETES_INSECURE_SKIP_TLS_VERIFY') === 'true' ? { insecureSkipTLSVerify: true } : {}),
  };
}
