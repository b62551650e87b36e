// The PagerDuty REST fake beyond the current incident: incident lists with filters and classic
// paging, past incidents of a service with their log entries and notes, and the service directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { servedWorld, type ServedWorld } from '../../../simulator/fakes/shared/served-world.ts';
import { contractWorld } from './contract-world.ts';
import { pagerdutyGet, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
let world: ServedWorld;

interface Incident {
  id: string;
  incident_number: number;
  status: string;
  created_at: string;
  service: { id: string; summary: string };
  urgency: string;
}

beforeAll(async () => {
  const raw = contractWorld();
  world = servedWorld(raw);
  sim = await startSimulator({ world: raw, pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

async function get<T>(path: string, status = 200): Promise<T> {
  const response = await pagerdutyGet(sim, path);
  expect(response.status, path).toBe(status);
  return (await response.json()) as T;
}

describe('PagerDuty REST incidents and services', () => {
  it('lists services and finds one by id', async () => {
    const { services, more } = await get<{ services: { id: string; name: string; status: string }[]; more: boolean }>('/services?limit=100');
    expect(more).toBe(false);
    const alerted = services.find((service) => service.name === world.scenario.alert.service)!;
    expect(alerted.status).toBe('critical');
    const { service } = await get<{ service: { name: string } }>(`/services/${alerted.id}`);
    expect(service.name).toBe(world.scenario.alert.service);
    await get('/services/PNOPE00', 404);
  });

  it('lists every incident with date_range=all, the current one included, and pages with offset and more', async () => {
    const history = world.incidentHistory.filter((incident) => incident.createdAt <= world.clock.now);
    const all = await get<{ incidents: Incident[]; total: number | null; more: boolean }>('/incidents?date_range=all&limit=100&total=true');
    expect(all.total).toBe(all.incidents.length);
    expect(all.incidents.length).toBeGreaterThanOrEqual(history.length);
    const created = all.incidents.map((incident) => incident.created_at);
    expect([...created].sort()).toEqual(created);
    const webhookIncident = all.incidents.find((incident) => incident.service.summary === world.scenario.alert.service && incident.status === 'triggered');
    expect(webhookIncident).toBeDefined();
    const paged: string[] = [];
    for (let offset = 0; ; offset += 2) {
      const page = await get<{ incidents: Incident[]; more: boolean; offset: number }>(`/incidents?date_range=all&limit=2&offset=${offset}`);
      paged.push(...page.incidents.map((incident) => incident.id));
      if (!page.more) break;
    }
    expect(paged).toEqual(all.incidents.map((incident) => incident.id));
  });

  it('filters by service, status, urgency and since/until', async () => {
    const { services } = await get<{ services: { id: string; name: string }[] }>('/services?limit=100');
    const past = world.incidentHistory.find((incident) => incident.status === 'resolved')!;
    const serviceId = services.find((service) => service.name === past.service)!.id;
    const resolved = await get<{ incidents: Incident[] }>(`/incidents?service_ids[]=${serviceId}&statuses[]=resolved&since=${new Date(past.createdAt - 86_400_000).toISOString()}&until=${new Date(world.clock.now).toISOString()}`);
    expect(resolved.incidents.length).toBeGreaterThan(0);
    for (const incident of resolved.incidents) {
      expect(incident.service.id).toBe(serviceId);
      expect(incident.status).toBe('resolved');
    }
    expect(resolved.incidents.map((incident) => incident.incident_number)).toContain(past.number);
    const highOnly = await get<{ incidents: Incident[] }>('/incidents?date_range=all&urgencies[]=high&limit=100');
    expect(highOnly.incidents.every((incident) => incident.urgency === 'high')).toBe(true);
    const bad = await get<{ error: { code: number; errors: string[] } }>('/incidents?statuses[]=burning', 400);
    expect(bad.error.code).toBe(2001);
    await get('/incidents?since=2026-01-01T00:00:00Z&until=2025-01-01T00:00:00Z', 400);
  });

  it('serves a past incident with its alerts, log entries and notes', async () => {
    const past = world.incidentHistory.find((incident) => incident.status === 'resolved' && incident.notes.length > 0) ?? world.incidentHistory.find((incident) => incident.status === 'resolved')!;
    const { incidents } = await get<{ incidents: Incident[] }>('/incidents?date_range=all&limit=100');
    const listed = incidents.find((incident) => incident.incident_number === past.number)!;
    const { incident } = await get<{ incident: Incident & { resolved_at?: string } }>(`/incidents/${listed.id}`);
    expect(incident.status).toBe('resolved');
    expect(incident.resolved_at).toBeDefined();
    const { log_entries } = await get<{ log_entries: { type: string }[] }>(`/incidents/${listed.id}/log_entries`);
    expect(log_entries[0]!.type).toBe('trigger_log_entry');
    expect(log_entries.map((entry) => entry.type)).toContain('resolve_log_entry');
    const { notes } = await get<{ notes: { content: string }[] }>(`/incidents/${listed.id}/notes`);
    expect(notes.map((note) => note.content)).toEqual(past.notes);
    const { alerts } = await get<{ alerts: { status: string }[] }>(`/incidents/${listed.id}/alerts`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.status).toBe('resolved');
  });
});
