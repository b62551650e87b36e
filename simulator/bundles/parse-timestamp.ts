// Recorded telemetry arrives with whatever timestamps its exporter wrote: ISO 8601 strings, or epoch
// numbers in seconds (CSV exports), milliseconds (JavaScript), microseconds or nanoseconds (OTLP
// spans). The unit of an epoch number is read from its magnitude, which is unambiguous for any date
// between 1973 and 5138.

const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH = /^-?\d+(\.\d+)?$/;

/** Epoch milliseconds, or undefined when the value is neither ISO 8601 with a zone nor an epoch number. */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? epochToMs(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{18,}$/.test(text)) return exactFraction(text, 6);
  if (/^\d{15,17}$/.test(text)) return exactFraction(text, 3);
  if (EPOCH.test(text)) return epochToMs(Number(text));
  if (!ISO_8601.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch µs or ns digits to ms without the rounding a division brings (1.7e18 is past 2^53). */
function exactFraction(digits: string, subMsDigits: number): number {
  const ms = Number(digits.slice(0, -subMsDigits));
  return ms + Number(`0.${digits.slice(-subMsDigits)}`);
}

function epochToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) return value * 1000;
  if (magnitude < 1e14) return value;
  if (magnitude < 1e17) return value / 1000;
  return value / 1e6;
}
