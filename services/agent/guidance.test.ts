import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guidanceFor, loadGuidanceDir, parseGuidance } from './guidance.ts';

const CHECKOUT = `
guidance:
  - id: checkout-burn-rate
    alertClass: slo-burn-rate
    service: checkout-api
    text: For burn-rate alerts on checkout, always check the payments dependency and the last deploy.
    alsoCheck: [payments-service]
  - id: everyone-deploys
    text: Look at deploys in the hour before the alert.
`;

describe('guidance files', () => {
  const rules = parseGuidance(CHECKOUT, 'guidance/checkout.yaml');

  it('applies global rules everywhere and scoped rules only to their class and service', () => {
    expect(guidanceFor(rules, { service: 'checkout-api' }, 'slo-burn-rate').map((r) => r.id)).toEqual(['checkout-burn-rate', 'everyone-deploys']);
    expect(guidanceFor(rules, { service: 'checkout-api' }, 'high-latency').map((r) => r.id)).toEqual(['everyone-deploys']);
    expect(guidanceFor(rules, { service: 'cart-service' }, 'slo-burn-rate').map((r) => r.id)).toEqual(['everyone-deploys']);
  });

  it('names the file and the field of a bad rule', () => {
    expect(() => parseGuidance('guidance:\n  - { id: a, text: x, alertClass: latency }', 'guidance/checkout.yaml')).toThrow(/guidance\/checkout.yaml: guidance.0.alertClass/);
    expect(() => parseGuidance('guidance:\n  - { id: a }', 'g.yaml')).toThrow(/g.yaml: guidance.0.text/);
    expect(() => parseGuidance('guidance:\n  - { id: a, text: x, colour: red }', 'g.yaml')).toThrow(/g.yaml: guidance.0/);
    expect(() => parseGuidance('guidance: [', 'g.yaml')).toThrow(/g.yaml: not valid YAML/);
  });

  it('rejects an id used twice, within a file and across files', async () => {
    expect(() => parseGuidance('guidance:\n  - { id: a, text: x }\n  - { id: a, text: y }', 'g.yaml')).toThrow(/guidance.1.id: duplicate id "a"/);
    const dir = mkdtempSync(join(tmpdir(), 'guidance-'));
    writeFileSync(join(dir, 'a.yaml'), 'guidance:\n  - { id: shared, text: x }');
    writeFileSync(join(dir, 'b.yml'), 'guidance:\n  - { id: shared, text: y }');
    await expect(loadGuidanceDir(dir)).rejects.toThrow(/b.yml: id "shared" is already used in .*a.yaml/);
  });
});
