// A pod's container output as `kubectl logs` prints it: the lines the log model attributes to the
// pod, rendered as the runtime writes them to stdout (pino as JSON, the others as text), from the
// current container's start. `previous` gives the terminated container's output, ending with why it
// stopped when the application printed anything (a crash); an OOM kill just cuts the output short.
import type { Cluster, Pod } from './cluster.ts';
import type { LogModel, LogRecord } from './logs.ts';
import type { PodLogOptions } from './world-contract.ts';

const MINUTE_MS = 60_000;

function stdoutLine(line: LogRecord): string {
  if (line.labels.source === 'nodejs') {
    const { dd: _dd, ...attributes } = line.attributes as Record<string, unknown>;
    return JSON.stringify({ level: attributes.level ?? 30, time: line.timestamp, ...attributes, msg: line.message });
  }
  return line.message;
}

export function createPodLogs(cluster: Cluster, logs: LogModel, windowStart: number, now: number): (podName: string, options: PodLogOptions) => string {
  const byName = new Map<string, Pod>(cluster.pods.map((pod) => [pod.name, pod]));
  return (podName, options) => {
    const pod = byName.get(podName);
    if (!pod || pod.createdAt > now) return '';
    const restarts = pod.restarts.filter((restart) => restart.at <= now);
    let from: number;
    let until: number;
    if (options.previous) {
      const last = restarts[restarts.length - 1];
      if (!last) return '';
      from = last.previousStartedAt;
      until = last.at + 1;
    } else {
      const last = restarts[restarts.length - 1];
      from = last ? last.at + 1 : pod.startedAt - 1;
      until = Math.min(now, pod.deletedAt ?? now);
      if (pod.waiting && pod.waiting.reason !== 'CrashLoopBackOff') return '';
    }
    // The world keeps logs from its window start; older output has rotated away.
    from = Math.max(from, windowStart);
    if (options.sinceMs !== undefined) from = Math.max(from, now - options.sinceMs);
    const lines: string[] = [];
    for (let minute = Math.floor(from / MINUTE_MS) * MINUTE_MS; minute <= until; minute += MINUTE_MS) {
      for (const line of logs.minute(pod.service, minute)) {
        if (line.pod === pod.name && line.timestamp >= from && line.timestamp < until) lines.push(...stdoutLine(line).split('\n'));
      }
    }
    // Like the kubelet, tailLines counts printed lines (a traceback is several).
    const tail = options.tailLines !== undefined ? lines.slice(Math.max(0, lines.length - options.tailLines)) : lines;
    return tail.length > 0 ? `${tail.join('\n')}\n` : '';
  };
}
