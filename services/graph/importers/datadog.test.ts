import { describe, expect, it } from 'vitest';
import { DatadogDependenciesError, fetchDatadogServiceDependencies, importFromDatadogDependencies } from './datadog.ts';

describe('importFromDatadogDependencies', () => {
  it('makes instrumented services callers and guesses the kind of callee-only names', () => {
    const nodes = importFromDatadogDependencies({
      'web-store': { calls: ['checkout', 'catalog'] },
      checkout: { calls: ['postgres', 'redis', 'checkout', 'payments.stripe.com'] },
      catalog: { calls: [] },
    });
    expect(nodes).toEqual([
      { name: 'catalog', kind: 'service', dependsOn: [] },
      { name: 'checkout', kind: 'service', dependsOn: ['postgres', 'redis', 'payments.stripe.com'] },
      { name: 'web-store', kind: 'service', dependsOn: ['checkout', 'catalog'] },
      { name: 'payments.stripe.com', kind: 'external', dependsOn: [] },
      { name: 'postgres', kind: 'database', dependsOn: [] },
      { name: 'redis', kind: 'cache', dependsOn: [] },
    ]);
  });

  it('names the field of a payload that is not the documented shape', () => {
    expect(() => importFromDatadogDependencies({ checkout: { calls: 'payments' } })).toThrow(/checkout\.calls/);
    expect(() => importFromDatadogDependencies([])).toThrow(DatadogDependenciesError);
  });
});

describe('fetchDatadogServiceDependencies', () => {
  it('rejects missing options naming the option before any request', async () => {
    await expect(fetchDatadogServiceDependencies({ baseUrl: 'https://api.datadoghq.com', apiKey: 'k', appKey: 'a', env: '' })).rejects.toThrow(/option env/);
  });
});
