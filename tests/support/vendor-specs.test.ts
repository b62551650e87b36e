import { afterEach, describe, expect, it, vi } from 'vitest';
import { vendorSpecsAvailable, vendorSpecsDir } from './vendor-specs.ts';

const saved = { VENDOR_SPECS: process.env.VENDOR_SPECS, CI: process.env.CI };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  vi.restoreAllMocks();
});

describe('vendor spec availability', () => {
  it('resolves VENDOR_SPECS relative to the repo root', () => {
    process.env.VENDOR_SPECS = '../elsewhere/specs';
    expect(vendorSpecsDir()).toMatch(/\/elsewhere\/specs$/);
  });

  it('fails under CI when the specs are missing', () => {
    process.env.VENDOR_SPECS = '/nonexistent/vendor-specs';
    process.env.CI = 'true';
    expect(() => vendorSpecsAvailable()).toThrow('vendor spec conformance checks not run: /nonexistent/vendor-specs is missing (set VENDOR_SPECS to the vendor-specs folder); CI requires them');
  });

  it('says once, in one line, why the checks did not run on a developer machine', () => {
    process.env.VENDOR_SPECS = '/nonexistent/vendor-specs';
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(vendorSpecsAvailable()).toBe(false);
    expect(vendorSpecsAvailable()).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('vendor spec conformance checks not run');
  });
});
