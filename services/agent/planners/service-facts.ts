// What the deterministic planner knows about one service, distilled from the tool results it has
// seen. The planner reasons only over these facts: never over scenario metadata or ground truth.
import type { ToolResult } from '../types.ts';

export type Probe = 'metrics' | 'logs' | 'pods' | 'events' | 'changes' | 'traces';

export interface Anomaly {
  signal: string;
  direction: 'up' | 'down';
  at: string;
  before: number;
  after: number;
  score: number;
  unit: string;
  query: string;
  points: { at: string; value: number }[];
}

export interface ErrorSignature {
  signature: string;
  level: string;
  count: number;
  firstSeen: string;
  sample: string;
}

export interface Change {
  at: string;
  kind: 'deploy' | 'config' | 'feature_flag' | 'scale' | 'infra';
  summary: string;
  image?: string;
}

export interface PodHealth {
  pods: number;
  notReady: number;
  restarts: number;
  terminations: { reason: string; at: string | null }[];
  waitingReasons: string[];
  images: string[];
  /** The nodes its pods run on, and the other workloads with pods there (when the tool listed them). */
  nodes: string[];
  coLocated: { service: string; pods: number; nodes: string[] }[];
}

export interface ServiceFacts {
  service: string;
  probed: Set<Probe>;
  anomalies: Anomaly[];
  errorSignatures: ErrorSignature[];
  logsQuery?: string;
  changes: Change[];
  /** Warning events about the service's workloads (FailedScheduling, BackOff, OOMKilling, Failed pulls...). */
  warnings: { at: string; reason: string; message: string }[];
  pods?: PodHealth;
  /** The tool results these facts came from, for evidence. */
  sources: ToolResult[];
}

export function emptyFacts(service: string): ServiceFacts {
  return { service, probed: new Set(), anomalies: [], errorSignatures: [], changes: [], warnings: [], sources: [] };
}

export function isHealthSignal(signal: string): boolean {
  return signal === 'errors' || signal === 'latency' || signal === 'restarts';
}
