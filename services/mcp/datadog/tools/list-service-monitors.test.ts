import type { v1 } from '@datadog/datadog-api-client';
import { describe, expect, it } from 'vitest';
import type { EventLite } from './datadog-events.ts';
import { eventIsAbout, ListServiceMonitorsInputSchema, summarize, toMonitorLite, transitionOf, type MonitorLite } from './list-service-monitors.ts';

const input = ListServiceMonitorsInputSchema.parse({ service: 'cart-service', window: { from: '2026-11-20T12:00:00Z', to: '2026-11-20T13:35:00Z' } });
const at = (hhmm: string): number => Date.parse(`2026-11-20T${hhmm}:00Z`);

const errors: MonitorLite = { id: 101, name: '[P2] cart-service error rate', type: 'query alert', state: 'Alert', query: 'sum(last_5m):... > 5' };
const latency: MonitorLite = { id: 102, name: 'cart-service p99 latency', type: 'metric alert', state: 'OK', query: 'avg(last_5m):... > 0.5' };
const flappy: MonitorLite = { id: 103, name: 'cart-service session-cache hit ratio', type: 'metric alert', state: 'Warn', query: 'avg(last_10m):... < 0.8' };

let seq = 0;
function notification(hhmm: string, verb: string, monitor: MonitorLite, tagged = true): EventLite {
  return { id: String(++seq), at: at(hhmm), title: `[${verb}] ${monitor.name}`, text: '', tags: tagged ? [`monitor:${monitor.id}`, 'service:cart-service'] : ['service:cart-service'], source: 'monitor alert', alertType: 'error' };
}

describe('monitor events', () => {
  it('reads the state a notification announces', () => {
    expect(transitionOf({ title: '[Triggered] x', alertType: 'error' })).toBe('Alert');
    expect(transitionOf({ title: '[Recovered] x', alertType: 'success' })).toBe('OK');
    expect(transitionOf({ title: '[Warn on {host:a}] x', alertType: 'warning' })).toBe('Warn');
    expect(transitionOf({ title: '[No data] x', alertType: 'warning' })).toBe('No Data');
    expect(transitionOf({ title: 'Deployed x', alertType: 'info' })).toBeUndefined();
  });

  it('matches an event to its monitor by id tag, or by name in the title', () => {
    expect(eventIsAbout(notification('13:00', 'Triggered', errors), errors)).toBe(true);
    expect(eventIsAbout(notification('13:00', 'Triggered', errors), latency)).toBe(false);
    expect(eventIsAbout(notification('13:00', 'Triggered', latency, false), latency)).toBe(true);
  });

  it('reads a monitor as the client deserializes it', () => {
    const vendor = { id: 101, name: errors.name, type: 'query alert', overallState: 'Alert', query: errors.query, tags: ['service:cart-service'] } as unknown as v1.Monitor;
    expect(toMonitorLite(vendor)).toEqual(errors);
  });
});

describe('summarize', () => {
  const events = [
    notification('13:21', 'Triggered', errors),
    notification('13:25', 'Triggered', errors),
    notification('12:10', 'Warn', flappy),
    notification('12:20', 'Recovered', flappy),
    notification('12:40', 'Warn', flappy),
    notification('12:55', 'Recovered', flappy),
    notification('13:10', 'Warn', flappy),
  ];

  it('orders alerting monitors by first alert and puts flapping ones last', () => {
    const out = summarize({ monitors: [flappy, latency, errors], events }, input);
    expect(out.monitors.map((m) => m.id)).toEqual([101, 102, 103]);
    expect(out.monitors[0]).toMatchObject({ firstAlertAt: '2026-11-20T13:21:00Z', flapping: false, transitions: [{ at: '2026-11-20T13:21:00Z', state: 'Alert' }] });
    expect(out.monitors[2]).toMatchObject({ flapping: true });
    expect(out.monitors[2]!.transitions).toHaveLength(5);
    expect(out.totals).toEqual({ monitors: 3, alerting: 2, flapping: 1 });
    expect(out.hints.join(' ')).toContain('First monitor to fire in the window: "[P2] cart-service error rate" at 2026-11-20T13:21:00Z');
    expect(out.hints.join(' ')).toContain('Flapping');
  });

  it('is no_data when no monitor is tagged for the service', () => {
    const out = summarize({ monitors: [], events: [] }, input);
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('service:cart-service');
  });
});
