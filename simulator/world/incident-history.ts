// Past PagerDuty incidents of the system's services over the last quarter (resolved, with the notes
// responders left), and the current incident last.
import type { Scenario } from './scenario.ts';
import { intBetween, pickOne, upperAlnum } from './seeded-hash.ts';
import type { Topology } from './topology.ts';
import type { PastIncident } from './world-contract.ts';

const PAST_TITLES = [
  (s: string) => `High error rate on ${s}`,
  (s: string) => `${s} p99 latency above SLO`,
  (s: string) => `${s} pods restarting`,
  (s: string) => `Elevated 5xx on ${s}`,
];
const NOTES = [
  'Rolled back the last release; errors stopped.',
  'Transient: recovered on its own before anyone acted.',
  'Scaled the deployment up by two replicas during peak traffic.',
  'Database failover in us-east-1b; callers recovered after reconnecting.',
  'Bumped the memory limit after repeated restarts.',
  'Upstream provider had a partial outage (status page confirmed).',
];

export function buildIncidentHistory(scenario: Scenario, topology: Topology, seed: number, alertAt: number): PastIncident[] {
  const incidents: PastIncident[] = [];
  const services = topology.services.filter((service) => service.kind === 'service');
  const count = Math.min(12, 3 + services.length / 3);
  let number = intBetween(1200, 4800, seed, topology.name, 'incident-number');
  for (let k = 0; k < count; k++) {
    const service = pickOne(services, seed, scenario.id, 'past', k).name;
    const createdAt = alertAt - intBetween(2, 90, seed, scenario.id, 'past-day', k) * 86_400_000 - intBetween(0, 86_399, seed, 'past-s', k) * 1000;
    incidents.push({
      id: `Q${upperAlnum(13, seed, scenario.id, 'past-id', k)}`,
      number: 0,
      service,
      title: pickOne(PAST_TITLES, seed, 'title', k)(service),
      urgency: k % 3 === 0 ? 'low' : 'high',
      createdAt,
      resolvedAt: createdAt + intBetween(8, 240, seed, 'dur', k) * 60_000,
      status: 'resolved',
      notes: [pickOne(NOTES, seed, scenario.id, 'note', k)],
    });
  }
  incidents.sort((a, b) => a.createdAt - b.createdAt);
  for (const incident of incidents) incident.number = number++;
  incidents.push({
    id: `Q${upperAlnum(13, seed, scenario.id, 'current')}`,
    number,
    service: scenario.alert.service,
    title: scenario.alert.title,
    urgency: scenario.alert.severity === 'critical' || scenario.alert.severity === 'error' ? 'high' : 'low',
    createdAt: alertAt,
    status: 'triggered',
    notes: [],
  });
  return incidents;
}
