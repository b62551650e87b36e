// Datadog v1 monitors: `GET /api/v1/monitor` (filters `name`, `tags` on the query scope,
// `monitor_tags`, and `page`/`page_size` paging) and `GET /api/v1/monitor/{id}`, each with the
// `overall_state` it has at virtual now. Shape from the recorded "Get a monitor's details" response.
import type { ServerResponse } from 'node:http';
import { hash32 } from '../../world/seeded-hash.ts';
import { sendJson } from '../shared/http-kit.ts';
import type { MonitorRecord, ServedWorld } from '../shared/served-world.ts';
import { ddError } from './datadog-http.ts';

const ORG_ID = 421907;
const CREATORS = [
  { name: 'Dana Whitfield', email: 'dana.whitfield@' },
  { name: 'Ravi Menon', email: 'ravi.menon@' },
  { name: 'Lena Hoffmann', email: 'lena.hoffmann@' },
];

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** The state a monitor is in at `t`: its last transition not after t. */
export function monitorStateAt(monitor: MonitorRecord, t: number): { status: MonitorRecord['states'][number]['status']; since: number | undefined } {
  let current: MonitorRecord['states'][number] | undefined;
  for (const state of monitor.states) if (state.at <= t) current = state;
  return current ? { status: current.status, since: current.at } : { status: 'OK', since: undefined };
}

function threshold(query: string): number | undefined {
  const match = /[<>]=?\s*(-?\d+(?:\.\d+)?)\s*$/.exec(query);
  return match ? Number(match[1]) : undefined;
}

export function renderMonitor(world: ServedWorld, monitor: MonitorRecord) {
  const state = monitorStateAt(monitor, world.clock.now);
  const created = world.clock.start - (40 + (hash32(world.seed, monitor.id, 'created') % 300)) * 86_400_000;
  const creator = CREATORS[hash32(world.seed, monitor.id, 'creator') % CREATORS.length] as { name: string; email: string };
  const domain = `${world.topology.name}.io`;
  const critical = threshold(monitor.query);
  return {
    id: monitor.id,
    org_id: ORG_ID,
    type: monitor.type,
    name: monitor.name,
    message: monitor.message,
    tags: monitor.tags,
    query: monitor.query,
    options: {
      include_tags: true,
      new_group_delay: 60,
      notify_audit: false,
      notify_no_data: false,
      on_missing_data: 'default',
      renotify_interval: 0,
      require_full_window: false,
      silenced: {},
      ...(critical !== undefined ? { thresholds: { critical } } : {}),
    },
    multi: /\bby\b/.test(monitor.query),
    created_at: created,
    created: iso(created),
    modified: iso(created + 3 * 86_400_000),
    deleted: null,
    priority: /\[P1\]/.test(monitor.name) ? 1 : /\[P2\]/.test(monitor.name) ? 2 : 3,
    overall_state_modified: state.since !== undefined ? iso(state.since) : null,
    overall_state: state.status,
    creator: { name: creator.name, email: `${creator.email}${domain}`, handle: `${creator.email}${domain}`, id: 1_400_000 + (hash32(creator.name) % 90_000) },
    matching_downtimes: [],
  };
}

function splitList(text: string | null): string[] {
  return (text ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

export function serveMonitors(world: ServedWorld) {
  const monitors = [...world.monitors].sort((a, b) => a.id - b.id);
  return {
    list(url: URL, res: ServerResponse): void {
      const params = url.searchParams;
      const name = params.get('name')?.toLowerCase();
      const scope = splitList(params.get('tags'));
      const monitorTags = splitList(params.get('monitor_tags'));
      const pageText = params.get('page');
      const sizeText = params.get('page_size');
      const idOffsetText = params.get('id_offset');
      if (pageText !== null && !/^\d+$/.test(pageText)) return ddError(res, 400, "The value provided for parameter 'page' is invalid");
      if (sizeText !== null && (!/^\d+$/.test(sizeText) || Number(sizeText) < 1 || Number(sizeText) > 1000)) return ddError(res, 400, "The value provided for parameter 'page_size' is invalid: must be between 1 and 1000");
      if (idOffsetText !== null && !/^\d+$/.test(idOffsetText)) return ddError(res, 400, "The value provided for parameter 'id_offset' is invalid");
      let matched = monitors
        .filter((monitor) => name === undefined || monitor.name.toLowerCase().includes(name))
        .filter((monitor) => monitorTags.every((tag) => monitor.tags.includes(tag)))
        .filter((monitor) => scope.every((tag) => monitor.query.includes(tag) || monitor.tags.includes(tag)))
        .filter((monitor) => idOffsetText === null || monitor.id > Number(idOffsetText));
      if (pageText !== null) {
        const size = sizeText === null ? 100 : Number(sizeText);
        matched = matched.slice(Number(pageText) * size, Number(pageText) * size + size);
      }
      sendJson(res, 200, matched.map((monitor) => renderMonitor(world, monitor)));
    },
    get(idText: string, res: ServerResponse): void {
      if (!/^\d+$/.test(idText)) return ddError(res, 400, `Invalid monitor_id: ${idText}`);
      const monitor = monitors.find((candidate) => candidate.id === Number(idText));
      if (!monitor) return ddError(res, 404, 'Monitor not found');
      sendJson(res, 200, renderMonitor(world, monitor));
    },
  };
}
