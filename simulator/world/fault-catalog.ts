// What each fault type does, as data: how much of it the faulty component's own server metrics show,
// how its callers experience it (the failure mode their clients report), and which resources it
// strains. fault-effects.ts turns these profiles into impacts over time; logs, spans, events and
// cluster state read the same profile, so every clue an engineer would use comes from one place.
import type { FaultType } from './scenario.ts';

/** How a caller's client sees a failing dependency. */
export type CallerMode =
  | 'http_5xx'
  | 'http_503'
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'dns'
  | 'http_429'
  | 'http_401'
  | 'db_too_many'
  | 'db_timeout'
  | 'disk_write'
  | 'bad_payload'
  | 'queue_full';

export interface FaultProfile {
  callerMode: CallerMode;
  /** The component's own server metrics count the failures (false: they happen before or after its handlers). */
  ownErrorsVisible: boolean;
  /** The component's own server latency shows the slowdown (false: the network adds it). */
  ownLatencyVisible: boolean;
  defaultErrorPct: number;
  defaultLatencyMs: number;
  /** CPU percentage points added on the faulty pods at full effect (negative: idle while blocked). */
  cpuAddPct: number;
  /** Minutes to reach full effect; 0 is a step. */
  defaultRampMinutes: number;
  /** Requests reaching the component, as a factor at full effect (retries amplify, handshakes fail early). */
  rpsFactor: number;
  /** The pods are what fails (restarts, capacity); errors come from capacity lost, not from handlers. */
  capacity: boolean;
  /** An exception the faulty code raises when the scenario names none, per runtime-neutral wording. */
  defaultException?: string;
}

const P = (profile: Partial<FaultProfile> & Pick<FaultProfile, 'callerMode'>): FaultProfile => ({
  ownErrorsVisible: true,
  ownLatencyVisible: true,
  defaultErrorPct: 20,
  defaultLatencyMs: 0,
  cpuAddPct: 0,
  defaultRampMinutes: 0,
  rpsFactor: 1,
  capacity: false,
  ...profile,
});

export const FAULT_PROFILES: Record<FaultType, FaultProfile> = {
  cpu_saturation: P({ callerMode: 'timeout', defaultErrorPct: 8, defaultLatencyMs: 1_800, cpuAddPct: 70, defaultRampMinutes: 2 }),
  memory_leak: P({ callerMode: 'timeout', defaultErrorPct: 6, defaultLatencyMs: 1_400, cpuAddPct: 12, defaultRampMinutes: 35 }),
  oom_killed: P({ callerMode: 'refused', defaultErrorPct: 0, defaultLatencyMs: 300, capacity: true, defaultRampMinutes: 6 }),
  crash_loop: P({ callerMode: 'refused', defaultErrorPct: 0, capacity: true }),
  network_latency: P({ callerMode: 'timeout', ownLatencyVisible: false, ownErrorsVisible: false, defaultErrorPct: 4, defaultLatencyMs: 900 }),
  network_loss: P({ callerMode: 'reset', ownLatencyVisible: false, ownErrorsVisible: false, defaultErrorPct: 15, defaultLatencyMs: 600 }),
  disk_full: P({ callerMode: 'disk_write', defaultErrorPct: 45, defaultRampMinutes: 20, defaultException: 'OSError: [Errno 28] No space left on device' }),
  code_exception: P({ callerMode: 'http_5xx', defaultErrorPct: 25, cpuAddPct: 4, defaultException: 'RuntimeError: unexpected error' }),
  code_wrong_return: P({ callerMode: 'bad_payload', ownErrorsVisible: false, defaultErrorPct: 25 }),
  bad_deploy: P({ callerMode: 'http_5xx', defaultErrorPct: 30, cpuAddPct: 4, defaultException: 'RuntimeError: unexpected error' }),
  config_error: P({ callerMode: 'http_5xx', defaultErrorPct: 40, defaultException: 'ValueError: invalid configuration value' }),
  dependency_outage: P({ callerMode: 'http_503', defaultErrorPct: 70, defaultLatencyMs: 2_500 }),
  db_connection_exhaustion: P({ callerMode: 'db_too_many', defaultErrorPct: 30, defaultLatencyMs: 200, cpuAddPct: 10 }),
  slow_query: P({ callerMode: 'db_timeout', defaultErrorPct: 6, defaultLatencyMs: 2_200, cpuAddPct: 45 }),
  cert_expired: P({ callerMode: 'tls', ownErrorsVisible: false, ownLatencyVisible: false, defaultErrorPct: 100, rpsFactor: 0.02 }),
  dns_failure: P({ callerMode: 'dns', ownErrorsVisible: false, ownLatencyVisible: false, defaultErrorPct: 80, rpsFactor: 0.2 }),
  rate_limited: P({ callerMode: 'http_429', defaultErrorPct: 35, rpsFactor: 1.6 }),
  image_pull_failure: P({ callerMode: 'refused', defaultErrorPct: 0, capacity: true }),
  unschedulable: P({ callerMode: 'timeout', defaultErrorPct: 5, defaultLatencyMs: 900, cpuAddPct: 45, capacity: true }),
  cache_stampede: P({ callerMode: 'db_timeout', ownErrorsVisible: false, ownLatencyVisible: false, defaultErrorPct: 12, defaultLatencyMs: 1_500, cpuAddPct: 20 }),
  queue_backlog: P({ callerMode: 'queue_full', defaultErrorPct: 10, defaultLatencyMs: 400, defaultRampMinutes: 15 }),
  thread_pool_exhaustion: P({ callerMode: 'timeout', defaultErrorPct: 18, defaultLatencyMs: 4_000, cpuAddPct: -8 }),
  auth_failure: P({ callerMode: 'http_401', ownErrorsVisible: false, defaultErrorPct: 60 }),
  noisy_neighbor: P({ callerMode: 'timeout', defaultErrorPct: 3, defaultLatencyMs: 700, cpuAddPct: 60 }),
  feature_flag: P({ callerMode: 'http_5xx', defaultErrorPct: 45, defaultException: 'TypeError: unexpected value' }),
};
