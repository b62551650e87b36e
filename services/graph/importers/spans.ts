// Dependencies as traces show them: a span whose parent span belongs to another service is a call
// from the parent's service to the span's service. Input is the scenario bundle's spans.jsonl shape
// (DESIGN.md); any span source that yields {traceId, spanId, parentSpanId, service} works.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { compareNames } from '../graph-index.ts';
import type { ServiceNode } from '../service-graph.ts';
import { guessKind } from './guess-kind.ts';

export const SpanRecordSchema = z.object({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().nullish(),
  service: z.string().min(1),
});
export type SpanRecord = z.infer<typeof SpanRecordSchema>;

export class SpansError extends Error {}

export interface SpansImportOptions {
  /** Calls seen fewer times than this are ignored (one stray span is not a dependency). Default 1. */
  minCalls?: number;
}

/** One node per service that has a span, its calls sorted by name. */
export function importFromSpans(spans: Iterable<SpanRecord>, options: SpansImportOptions = {}): ServiceNode[] {
  const minCalls = options.minCalls ?? 1;
  const all = [...spans];
  const serviceOf = new Map<string, string>();
  for (const span of all) serviceOf.set(`${span.traceId}\u0000${span.spanId}`, span.service);

  const services = new Set<string>();
  const calls = new Map<string, Map<string, number>>();
  for (const span of all) {
    services.add(span.service);
    if (!span.parentSpanId) continue;
    // A parent outside the data (sampled away, another window) tells nothing about the caller.
    const caller = serviceOf.get(`${span.traceId}\u0000${span.parentSpanId}`);
    if (caller === undefined || caller === span.service) continue;
    const callees = calls.get(caller) ?? new Map<string, number>();
    callees.set(span.service, (callees.get(span.service) ?? 0) + 1);
    calls.set(caller, callees);
  }
  return [...services].sort(compareNames).map((name) => ({
    name,
    kind: guessKind(name) ?? 'service',
    dependsOn: [...(calls.get(name) ?? new Map<string, number>()).entries()]
      .filter(([, count]) => count >= minCalls)
      .map(([callee]) => callee)
      .sort(compareNames),
  }));
}

/** Parses JSON lines of span records; a bad line fails with the file, the line number and the field. */
export function parseSpansJsonl(text: string, source = 'spans.jsonl'): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new SpansError(`${source}:${index + 1}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = SpanRecordSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SpansError(`${source}:${index + 1}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    spans.push(parsed.data);
  }
  return spans;
}

export async function readSpansJsonl(path: string): Promise<SpanRecord[]> {
  return parseSpansJsonl(await readFile(path, 'utf8'), path);
}
