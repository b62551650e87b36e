import type { v1 } from '@datadog/datadog-api-client';
import { describe, expect, it } from 'vitest';
import { tagValue, toEventLite, type EventLite } from './datadog-events.ts';
import { classifyChange, describeCall, isMonitorEvent, ListChangeEventsInputSchema, summarize, versionOf } from './list-change-events.ts';

const input = ListChangeEventsInputSchema.parse({ service: 'inventory-service', window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' } });
const at = (hhmm: string): number => Date.parse(`2026-11-20T${hhmm}:00Z`);

let seq = 0;
function event(hhmm: string, service: string, title: string, extra: Partial<EventLite> = {}): EventLite {
  return { id: String(++seq), at: at(hhmm), title, text: '', tags: [`service:${service}`, 'env:prod'], source: 'argocd', alertType: 'info', ...extra };
}
const relations = new Map([
  ['inventory-service', 'self'],
  ['orders-db', 'calls'],
  ['checkout-api', 'caller'],
] as const);

describe('toEventLite', () => {
  it('reads a v1 event as the client deserializes it (dateHappened in seconds)', () => {
    const vendor = { id: 1, idStr: '6100000000000000001', dateHappened: 1795180800, title: 'Deployed inventory-service 2.14.0', text: 'argocd sync', tags: ['service:inventory-service', 'version:2.14.0'], sourceTypeName: 'argocd', alertType: 'info' } as v1.Event;
    expect(toEventLite(vendor)).toEqual({ id: '6100000000000000001', at: 1795180800_000, title: 'Deployed inventory-service 2.14.0', text: 'argocd sync', tags: ['service:inventory-service', 'version:2.14.0'], source: 'argocd', alertType: 'info' });
    expect(tagValue(['service:a', 'version:2.1'], 'version')).toBe('2.1');
  });
});

describe('classifyChange', () => {
  it.each([
    [{ source: 'argocd', title: 'Deployed inventory-service 2.14.0', text: '', tags: [] }, 'deploy'],
    [{ source: 'launchdarkly', title: 'Flag new-checkout turned on', text: '', tags: [] }, 'feature_flag'],
    [{ source: 'terraform', title: 'Applied plan', text: '', tags: [] }, 'infra'],
    [{ source: 'kubernetes', title: 'Scaled cart-service to 6 replicas', text: '', tags: [] }, 'scale'],
    [{ source: 'consul', title: 'Updated key', text: '', tags: [] }, 'config'],
    [{ source: 'custom', title: 'Pushed new pool settings', text: 'config change', tags: [] }, 'config'],
    [{ source: 'custom', title: 'Something', text: '', tags: ['change_type:feature-flag'] }, 'feature_flag'],
    [{ source: 'custom', title: 'Lunch', text: '', tags: [] }, 'other'],
  ] as const)('classifies %o as %s', (event, kind) => {
    expect(classifyChange({ ...event, tags: [...event.tags] })).toBe(kind);
  });

  it('recognises monitor notifications, which are not changes', () => {
    expect(isMonitorEvent({ source: 'monitor alert', title: '[Triggered] x', tags: [] })).toBe(true);
    expect(isMonitorEvent({ source: 'argocd', title: 'Deployed x', tags: [] })).toBe(false);
  });

  it('finds the version in tags or text', () => {
    expect(versionOf({ title: 'Deployed inventory-service', text: '', tags: ['version:2.14.0'] })).toBe('2.14.0');
    expect(versionOf({ title: 'Deployed inventory-service v2.14.0-rc.1', text: '', tags: [] })).toBe('2.14.0-rc.1');
  });
});

describe('summarize', () => {
  const events = [
    event('13:20', 'inventory-service', 'Deployed inventory-service 2.14.0', { text: 'sync to 2.14.0 (was 2.13.4)\nby jane@example.com' }),
    event('13:05', 'orders-db', 'Parameter group updated', { source: 'terraform' }),
    event('13:25', 'checkout-api', 'Flag fast-checkout at 50%', { source: 'launchdarkly' }),
    event('12:14', 'inventory-service', 'Deployed inventory-service 2.13.9'),
    event('13:30', 'inventory-service', '[Triggered] inventory errors', { source: 'monitor alert' }),
  ];

  it("keeps changes in the window, sorted by time, tagged with their relation, without monitor alerts", () => {
    const out = summarize({ events, relations, more: false }, input);
    expect(out.status).toBe('ok');
    expect(out.events.map((e) => [e.at.slice(11, 16), e.service, e.relation, e.kind])).toEqual([
      ['13:05', 'orders-db', 'calls', 'infra'],
      ['13:20', 'inventory-service', 'self', 'deploy'],
      ['13:25', 'checkout-api', 'caller', 'feature_flag'],
    ]);
    expect(out.lastChangeOfService).toMatchObject({ version: '2.14.0', at: '2026-11-20T13:20:00Z' });
    expect(out.counts).toEqual({ infra: 1, deploy: 1, feature_flag: 1 });
    expect(out.events[1]!.text).toBe('sync to 2.14.0 (was 2.13.4)');
  });

  it("keeps the service's own changes first when capping", () => {
    const out = summarize({ events, relations, more: false }, { ...input, limit: 1 });
    expect(out.events.map((e) => e.service)).toEqual(['inventory-service']);
    expect(out.truncated).toBe(true);
    expect(out.counts).toEqual({ infra: 1, deploy: 1, feature_flag: 1 });
  });

  it('is no_data with hints when nothing changed', () => {
    const out = summarize({ events: [], relations, more: false }, input);
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('inventory-service, orders-db, checkout-api');
  });

  it('describes a call in one line', () => {
    expect(describeCall(input)).toBe('Datadog change events for inventory-service and its neighbours, 2026-11-20 13:00-13:35Z');
  });
});

describe('query', () => {
  it('gives the event explorer query for every service checked', () => {
    expect(summarize({ events: [], relations, more: false }, input).query).toBe('service:(inventory-service OR orders-db OR checkout-api)');
    expect(summarize({ events: [], relations: new Map([['inventory-service', 'self']]), more: false }, input).query).toBe('service:inventory-service');
  });
});
