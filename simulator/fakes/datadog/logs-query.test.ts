import { describe, expect, it } from 'vitest';
import { compileLogQuery, LogQueryError, parseLogTime, requiredServices, type LogView } from './logs-query.ts';

const log = (overrides: Partial<LogView>): LogView => ({
  service: 'inventory-service',
  status: 'error',
  message: "Exception on /v1/reservations [POST]\nKeyError: 'warehouse_id'",
  host: 'ip-10-42-3-17.ec2.internal',
  traceId: 'abc123',
  labels: { env: 'prod', service: 'inventory-service', version: '2.14.0', pod_name: 'inventory-service-7f9c6d8b5-x2k4q' },
  attributes: { http: { status_code: 500, method: 'POST' } },
  ...overrides,
});

const matches = (query: string, view: LogView) => compileLogQuery(query)(view);

describe('compileLogQuery', () => {
  it('matches reserved attributes and tags', () => {
    const line = log({});
    expect(matches('service:inventory-service status:error', line)).toBe(true);
    expect(matches('service:checkout-api status:error', line)).toBe(false);
    expect(matches('pod_name:inventory-service-7f9c6d8b5-x2k4q', line)).toBe(true);
    expect(matches('host:ip-10-42-3-17.ec2.internal trace_id:abc123', line)).toBe(true);
    expect(matches('version:2.14.0 env:prod', line)).toBe(true);
    expect(matches('service:inventory*', line)).toBe(true);
  });

  it('supports value groups, negation, OR and parentheses', () => {
    expect(matches('status:(error OR warn)', log({ status: 'warn' }))).toBe(true);
    expect(matches('status:(error OR warn)', log({ status: 'info' }))).toBe(false);
    expect(matches('-status:info', log({ status: 'info' }))).toBe(false);
    expect(matches('NOT status:info', log({ status: 'error' }))).toBe(true);
    expect(matches('(service:checkout-api OR service:inventory-service) status:error', log({}))).toBe(true);
    expect(matches('status:warning', log({ status: 'warn' }))).toBe(true);
  });

  it('searches the message case-insensitively by word and by quoted phrase', () => {
    expect(matches('keyerror', log({}))).toBe(true);
    expect(matches('"KeyError: \'warehouse_id\'"', log({}))).toBe(true);
    expect(matches('"warehouse id"', log({}))).toBe(false);
    expect(matches('Reserv*', log({}))).toBe(true);
    expect(matches('*', log({}))).toBe(true);
    expect(matches('', log({}))).toBe(true);
  });

  it('matches nested attributes with @', () => {
    expect(matches('@http.status_code:500', log({}))).toBe(true);
    expect(matches('@http.method:GET', log({}))).toBe(false);
  });

  it('rejects malformed queries with a reason', () => {
    expect(() => compileLogQuery('status:(error OR warn')).toThrow(LogQueryError);
    expect(() => compileLogQuery('"unterminated')).toThrow('unterminated quoted phrase');
    expect(() => compileLogQuery('service:a )')).toThrow(LogQueryError);
  });

  it('narrows the scan to one service only for plain conjunctions', () => {
    expect(requiredServices('service:inventory-service status:(error OR warn) KeyError')).toEqual(['inventory-service']);
    expect(requiredServices('service:a OR service:b')).toBeUndefined();
    expect(requiredServices('-service:a')).toBeUndefined();
  });
});

describe('parseLogTime', () => {
  const now = Date.parse('2026-11-20T13:35:00Z');
  it('reads relative, epoch and ISO times', () => {
    expect(parseLogTime('now', now)).toBe(now);
    expect(parseLogTime('now-15m', now)).toBe(now - 15 * 60_000);
    expect(parseLogTime('now-2h', now)).toBe(now - 7_200_000);
    expect(parseLogTime(String(now - 1000), now)).toBe(now - 1000);
    expect(parseLogTime('2026-11-20T13:00:00Z', now)).toBe(Date.parse('2026-11-20T13:00:00Z'));
    expect(parseLogTime('2026-11-20T14:00:00+01:00', now)).toBe(Date.parse('2026-11-20T13:00:00Z'));
    expect(parseLogTime('yesterday', now)).toBeUndefined();
  });
});
