// The topology file: the services of one system and who calls whom. It is the DESIGN.md bundle
// `topology.yaml`, extended with optional ownership (team, channel, tier) and the few facts the
// world needs to render realistic telemetry (replicas, technology, endpoints). The same text is
// handed to the product as its service catalog, so nothing in it may hint at how it is used here.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const ServiceKindSchema = z.enum(['service', 'database', 'cache', 'queue', 'external']);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const CHANNEL_NAME = /^#[a-z0-9][a-z0-9._-]*$/;

export const TopologyServiceSchema = z.object({
  name: z.string().regex(SERVICE_NAME, 'lower-case letters, digits and dashes'),
  kind: ServiceKindSchema,
  language: z.enum(['node', 'java', 'go', 'python']).optional(),
  /** What a datastore or queue runs (postgres, redis, kafka); informative for stack-based skills. */
  technology: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  /** The owning team's Slack channel, e.g. `#team-inventory`. */
  channel: z.string().regex(CHANNEL_NAME, 'a Slack channel name starting with #').optional(),
  tier: z.number().int().min(1).max(4).optional(),
  /** Pods behind the service's Deployment; only kind `service` runs on the cluster. */
  replicas: z.number().int().min(1).max(50).optional(),
  /** The routes callers use, e.g. `POST /v1/reservations`; each caller uses one, in declaration order. */
  endpoints: z.array(z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'METHOD /path')).min(1).optional(),
  dependsOn: z.array(z.string()).default([]),
});
export type TopologyService = z.infer<typeof TopologyServiceSchema>;

export const TopologySchema = z
  .object({
    name: z.string().regex(SERVICE_NAME),
    /** The channel where this system's alerts are posted. */
    alertChannel: z.string().regex(CHANNEL_NAME, 'a Slack channel name starting with #').optional(),
    services: z.array(TopologyServiceSchema).min(1),
  })
  .superRefine((topology, ctx) => {
    const names = new Set<string>();
    topology.services.forEach((service, index) => {
      if (names.has(service.name)) {
        ctx.addIssue({ code: 'custom', path: ['services', index, 'name'], message: `duplicate service ${service.name}` });
      }
      names.add(service.name);
    });
    topology.services.forEach((service, index) => {
      service.dependsOn.forEach((dependency, depIndex) => {
        if (!names.has(dependency)) {
          ctx.addIssue({
            code: 'custom',
            path: ['services', index, 'dependsOn', depIndex],
            message: `unknown service ${dependency}`,
          });
        }
      });
    });
  });
export type Topology = z.infer<typeof TopologySchema>;

/** Parses topology YAML; throws an Error naming the file and the offending path. */
export function parseTopology(text: string, source = 'topology.yaml'): Topology {
  const result = TopologySchema.safeParse(parseYaml(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    throw new Error(`${source}: ${where || '(root)'}: ${issue?.message ?? 'invalid topology'}`);
  }
  return result.data;
}

/** Callers of each service, in topology declaration order. */
export function callersOf(topology: Topology, name: string): TopologyService[] {
  return topology.services.filter((service) => service.dependsOn.includes(name));
}

export function serviceNamed(topology: Topology, name: string): TopologyService | undefined {
  return topology.services.find((service) => service.name === name);
}
