// The read-only records a world serves beyond metrics, logs and cluster state (the world contract
// shared with the vendor fakes and the bundle loader). Plain data shapes: a world loaded from a
// recording can provide the same members without any fault model.

export interface SpanRecord {
  /** 32 lower-case hex characters. */
  traceId: string;
  /** 16 lower-case hex characters. */
  spanId: string;
  parentSpanId?: string;
  service: string;
  /** e.g. 'http.request', 'postgresql.query', 'kafka.produce'. */
  operation: string;
  /** e.g. 'POST /v1/reservations'. */
  resource: string;
  /** Epoch ms. */
  start: number;
  durationMs: number;
  status: 'ok' | 'error';
  attributes: Record<string, string | number>;
}

export interface ChangeEvent {
  at: number;
  service: string;
  kind: 'deploy' | 'config' | 'feature_flag' | 'scale' | 'infra';
  title: string;
  text: string;
  tags: string[];
  source: string;
}

export type MonitorStatus = 'OK' | 'Alert' | 'Warn' | 'No Data';

export interface MonitorRecord {
  id: number;
  name: string;
  type: 'metric alert' | 'query alert' | 'log alert' | 'service check';
  query: string;
  message: string;
  tags: string[];
  service?: string;
  states: { at: number; status: MonitorStatus }[];
}

export interface PastIncident {
  id: string;
  number: number;
  service: string;
  title: string;
  urgency: 'high' | 'low';
  createdAt: number;
  resolvedAt?: number;
  status: 'triggered' | 'acknowledged' | 'resolved';
  notes: string[];
}

export interface ChannelMessage {
  /** Channel name, e.g. '#alerts-shop'. */
  channel: string;
  at: number;
  userId: string;
  text: string;
  /** Index in the chatter array of the message this one replies to. */
  threadOfIndex?: number;
}

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  title: string;
  isBot: boolean;
}

export interface DeploymentRecord {
  service: string;
  /** The Deployment's name (differs from the service under some naming variants, e.g. `-v2`). */
  name: string;
  kind: 'Deployment' | 'StatefulSet';
  namespace: string;
  revisions: { revision: number; replicaSet: string; image: string; createdAt: number; configHash?: string }[];
  replicas: number;
  availableReplicas: number;
  conditions: { type: string; status: string; reason: string; message: string; lastUpdateTime: number }[];
}

export interface PodLogOptions {
  sinceMs?: number;
  tailLines?: number;
  /** The previous (terminated) container's output; empty when the pod never restarted. */
  previous?: boolean;
}

export interface WorldNaming {
  /** The vendor metric name of a canonical (or variant-0 Datadog) metric for a service under the variant. */
  metric(canonical: string, service: string): string;
  /** OpenSearch index prefix, e.g. `logs-prod`. */
  logsIndex: string;
}
