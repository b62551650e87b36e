// Fault types are taxonomy ids (DESIGN.md); engineers read plain words. Unknown ids still read well.
const WORDS: Record<string, string> = {
  cpu_saturation: 'CPU saturation',
  memory_leak: 'memory leak',
  oom_killed: 'out-of-memory kills',
  crash_loop: 'crash loop',
  network_latency: 'network latency',
  network_loss: 'packet loss',
  disk_full: 'disk full',
  code_exception: 'exception in code',
  code_wrong_return: 'wrong results from code',
  bad_deploy: 'bad deploy',
  config_error: 'configuration error',
  dependency_outage: 'dependency outage',
  db_connection_exhaustion: 'database connections exhausted',
  slow_query: 'slow database queries',
  cert_expired: 'expired certificate',
  dns_failure: 'DNS failures',
  rate_limited: 'rate limiting',
  image_pull_failure: 'image pull failure',
  unschedulable: 'pods cannot be scheduled',
  cache_stampede: 'cache stampede',
  queue_backlog: 'queue backlog',
  thread_pool_exhaustion: 'thread pool exhausted',
  auth_failure: 'authentication failures',
  noisy_neighbor: 'noisy neighbour',
  feature_flag: 'feature flag change',
};

/** The fault taxonomy (DESIGN.md), in its order: what a corrected root cause may name. */
export const FAULT_TYPES: readonly string[] = Object.keys(WORDS);

export function faultTypeWords(faultType: string): string {
  return WORDS[faultType] ?? faultType.replace(/[_-]+/g, ' ').trim();
}
