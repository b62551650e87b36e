// Groups log messages that differ only in their variable parts (ids, numbers, quoted values,
// durations) into one signature, so "KeyError in 400 requests" is one line, not 400. Shared by
// every log tool (Datadog, OpenSearch, Kubernetes pod logs) so their signatures compare.
import { z } from 'zod';

const PYTHON_TRACEBACK = /^Traceback \(most recent call last\):?/;

/**
 * The line that names the problem: the first line, except that a Python traceback names its
 * exception on its last unindented line, which is what an engineer would quote.
 */
export function headlineOf(message: string): string {
  const lines = message.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const first = (lines[0] ?? '').trim();
  if (!lines.some((line) => PYTHON_TRACEBACK.test(line.trim()))) return first;
  const exception = [...lines].reverse().find((line) => /^\S/.test(line) && !PYTHON_TRACEBACK.test(line))?.trim();
  if (!exception || exception === first) return first;
  return PYTHON_TRACEBACK.test(first) ? exception : `${first} | ${exception}`;
}

const MASKS: Array<[RegExp, string]> = [
  // Timestamps that runtimes print into the message itself (Flask, gunicorn, logfmt, slog).
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z| ?[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Kubernetes pod names: <deployment>-<replica set hash, with a digit>-<5 random chars>.
  [/\b([a-z0-9]+(?:-[a-z0-9]+)*?)-(?=[a-z]*\d)[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, '$1-<pod>'],
  // Quoted values (an id, a key, a host); quoted prose such as logfmt's msg="slow cache operation"
  // is what the line says, so text with spaces stays. A quote after a letter is an apostrophe.
  [/(?<![\w])'[^'\s]{1,200}'(?![\w])/g, "'<*>'"],
  [/"[^"\s]{1,200}"/g, '"<*>"'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  // Ids are delimited by anything but a letter or digit, so "c_3f9a12bc77d0" and "ORD-3F9A12BC" mask too.
  [/(?<![A-Za-z0-9])(?:0x)?(?=[0-9a-f]*\d)[0-9a-f]{8,}(?![A-Za-z0-9])/gi, '<hex>'],
  [/(?<![A-Za-z0-9.])\d+(?:\.\d+)?\s?(?:ms|us|µs|ns|s|sec|secs|seconds|m|min|minutes|h)\b/g, '<duration>'],
  [/(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?![A-Za-z0-9])/g, '<num>'],
];

export const MAX_SIGNATURE_LENGTH = 300;

export function signatureOf(message: string): string {
  let signature = headlineOf(message);
  for (const [pattern, replacement] of MASKS) signature = signature.replace(pattern, replacement);
  signature = signature.replace(/\s+/g, ' ').trim();
  return signature.length > MAX_SIGNATURE_LENGTH ? `${signature.slice(0, MAX_SIGNATURE_LENGTH - 1)}…` : signature;
}

export const MAX_SAMPLE_LENGTH = 300;

/** A readable example of a signature: the message itself, or its headline when it is long. */
export function sampleOf(message: string): string {
  const text = message.trim();
  if (text.length <= MAX_SAMPLE_LENGTH) return text;
  const headline = headlineOf(text);
  return headline.length <= MAX_SAMPLE_LENGTH ? headline : `${headline.slice(0, MAX_SAMPLE_LENGTH - 1)}…`;
}

/** A log event as the signature grouping needs it (message already redacted). */
export interface SignatureInput {
  timestampMs: number;
  level: string;
  message: string;
}

export interface SignatureGroup {
  signature: string;
  level: string;
  count: number;
  first: number;
  last: number;
  /** The latest occurrence: it is what the service is saying now. */
  sample: string;
  sampleAt: number;
}

/** Normalizes vendor level spellings (WARNING, Err, CRITICAL, fatal) to error|warn|info|debug|... */
export function normalizeLevel(level: string | undefined): string {
  const l = (level ?? 'info').toLowerCase();
  if (l === 'warning') return 'warn';
  if (l === 'err' || l === 'critical' || l === 'fatal' || l === 'emergency' || l === 'alert' || l === 'severe') return 'error';
  return l;
}

/**
 * Groups logs by (level, signature), most frequent first; ties by earliest onset, then text, so
 * output is stable whatever order the vendor returned the events in. Also counts events per level.
 */
export function groupLogSignatures(logs: readonly SignatureInput[]): { groups: SignatureGroup[]; levelCounts: Record<string, number> } {
  const groups = new Map<string, SignatureGroup>();
  const levelCounts: Record<string, number> = {};
  for (const log of logs) {
    const level = normalizeLevel(log.level);
    levelCounts[level] = (levelCounts[level] ?? 0) + 1;
    const signature = signatureOf(log.message);
    const key = `${level}\u0000${signature}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { signature, level, count: 1, first: log.timestampMs, last: log.timestampMs, sample: log.message, sampleAt: log.timestampMs });
      continue;
    }
    group.count++;
    group.first = Math.min(group.first, log.timestampMs);
    group.last = Math.max(group.last, log.timestampMs);
    if (log.timestampMs > group.sampleAt || (log.timestampMs === group.sampleAt && log.message < group.sample)) {
      group.sample = log.message;
      group.sampleAt = log.timestampMs;
    }
  }
  const ranked = [...groups.values()].sort((a, b) => b.count - a.count || a.first - b.first || a.signature.localeCompare(b.signature));
  return { groups: ranked, levelCounts };
}

/** One signature as log tools report it. */
export const LogSignatureSchema = z.object({
  signature: z.string().describe('the message with ids, numbers, quoted values and durations masked'),
  level: z.string(),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  sample: z.string().describe('one real message of this signature, redacted, at most 300 characters'),
});
export type LogSignature = z.infer<typeof LogSignatureSchema>;
