// Monitors: the one that fired the alert (OK until the alert, then Alert), a few quiet ones on other
// services, and the scenario's flapping monitors, whose state changes every few minutes all window.
import type { Scenario } from './scenario.ts';
import { hash32, intBetween } from './seeded-hash.ts';
import type { Topology } from './topology.ts';
import type { MonitorRecord } from './world-contract.ts';

export function buildMonitors(scenario: Scenario, topology: Topology, seed: number, start: number, alertAt: number, now: number): MonitorRecord[] {
  const details = (scenario.alert.details ?? {}) as Record<string, unknown>;
  const service = scenario.alert.service;
  const team = topology.services.find((candidate) => candidate.name === service)?.team;
  const firing: MonitorRecord = {
    id: 10_000_000 + (hash32(seed, scenario.id, 'monitor') % 89_999_999),
    name: typeof details.monitor === 'string' ? details.monitor : scenario.alert.title,
    type: 'query alert',
    query: typeof details.query === 'string' ? details.query : `avg(last_5m):avg:trace.http.request.errors{service:${service},env:prod} > 5`,
    message: `${scenario.alert.title}. @pagerduty-${team ?? service}`,
    tags: [`service:${service}`, 'env:prod', ...(team ? [`team:${team}`] : [])],
    service,
    states: [
      { at: start, status: 'OK' },
      { at: alertAt, status: 'Alert' },
    ],
  };
  const monitors: MonitorRecord[] = [firing];
  const quiet = topology.services.filter((candidate) => candidate.kind === 'service' && candidate.name !== service).slice(0, 4);
  for (const other of quiet) {
    monitors.push({
      id: 10_000_000 + (hash32(seed, other.name, 'quiet-monitor') % 89_999_999),
      name: `[P2] ${other.name} p99 latency above SLO`,
      type: 'metric alert',
      query: `avg(last_10m):avg:trace.http.request.duration.by.service.99p{service:${other.name},env:prod} > 2`,
      message: `p99 latency of ${other.name} is above 2s. @slack-${(other.channel ?? '#alerts').slice(1)}`,
      tags: [`service:${other.name}`, 'env:prod'],
      service: other.name,
      states: [{ at: start, status: 'OK' }],
    });
  }
  for (const flap of scenario.flappingMonitors) {
    const states: MonitorRecord['states'] = [{ at: start, status: 'OK' }];
    let at = start + intBetween(1, flap.periodMinutes, seed, flap.name, 'first') * 60_000;
    for (let k = 0; at <= now; k++) {
      states.push({ at, status: k % 2 === 0 ? 'Alert' : 'OK' });
      at += (flap.periodMinutes + intBetween(-2, 2, seed, flap.name, k)) * 60_000;
    }
    monitors.push({
      id: 10_000_000 + (hash32(seed, flap.name, 'flap') % 89_999_999),
      name: flap.name,
      type: 'metric alert',
      query: flap.query,
      message: `${flap.name}. @slack-${(topology.alertChannel ?? '#alerts').slice(1)}`,
      tags: [`service:${flap.service}`, 'env:prod'],
      service: flap.service,
      states,
    });
  }
  return monitors;
}
