import { describe, expect, it } from 'vitest';
import { importFromSpans, parseSpansJsonl, SpansError, type SpanRecord } from './spans.ts';

const span = (traceId: string, spanId: string, service: string, parentSpanId?: string): SpanRecord => ({ traceId, spanId, service, ...(parentSpanId ? { parentSpanId } : {}) });

describe('importFromSpans', () => {
  it('turns a parent span in one service and its child in another into a call', () => {
    const nodes = importFromSpans([
      span('t1', 'a', 'frontend'),
      span('t1', 'b', 'checkout', 'a'),
      span('t1', 'c', 'checkout', 'b'), // an internal span: no self-call
      span('t1', 'd', 'payments', 'c'),
      span('t1', 'e', 'orders-db', 'b'),
    ]);
    expect(nodes).toEqual([
      { name: 'checkout', kind: 'service', dependsOn: ['orders-db', 'payments'] },
      { name: 'frontend', kind: 'service', dependsOn: ['checkout'] },
      { name: 'orders-db', kind: 'database', dependsOn: [] },
      { name: 'payments', kind: 'service', dependsOn: [] },
    ]);
  });

  it('matches parents within the same trace only, whatever the order of the records', () => {
    const nodes = importFromSpans([span('t2', 'x', 'cart', 'root'), span('t1', 'root', 'web'), span('t2', 'root', 'api')]);
    expect(nodes.find((n) => n.name === 'web')?.dependsOn).toEqual([]);
    expect(nodes.find((n) => n.name === 'api')?.dependsOn).toEqual(['cart']);
  });

  it('ignores children whose parent is not in the data, and calls rarer than minCalls', () => {
    const spans = [span('t1', 'a', 'web'), span('t1', 'b', 'api', 'a'), span('t2', 'a', 'web'), span('t2', 'b', 'api', 'a'), span('t3', 'a', 'web'), span('t3', 'b', 'search', 'a'), span('t4', 'b', 'cart', 'missing')];
    expect(importFromSpans(spans, { minCalls: 2 }).find((n) => n.name === 'web')?.dependsOn).toEqual(['api']);
    expect(importFromSpans(spans).find((n) => n.name === 'cart')).toEqual({ name: 'cart', kind: 'service', dependsOn: [] });
  });
});

describe('parseSpansJsonl', () => {
  it('reads the bundle format and skips blank lines', () => {
    const text = [
      '{"traceId":"4bf92f3577b34da6","spanId":"00f067aa0ba902b7","service":"web","operation":"GET /","start":"2026-01-01T00:00:00Z","durationMs":12}',
      '',
      '{"traceId":"4bf92f3577b34da6","spanId":"a3ce929d0e0e4736","parentSpanId":"00f067aa0ba902b7","service":"api","operation":"GET /items","start":1767225600000000000,"durationMs":8,"status":"ok"}',
    ].join('\n');
    expect(importFromSpans(parseSpansJsonl(text)).find((n) => n.name === 'web')?.dependsOn).toEqual(['api']);
  });

  it('names the file, the line and the field of a bad record', () => {
    expect(() => parseSpansJsonl('{"traceId":"t","spanId":"s","service":"a"}\n{"traceId":"t","spanId":"s2"}', 'b/spans.jsonl')).toThrow(/b\/spans.jsonl:2: service/);
    expect(() => parseSpansJsonl('{oops', 'b/spans.jsonl')).toThrow(SpansError);
  });
});
