// The CI gate, as part of the suite: the critical scenarios (tagged `critical`, covering every fault
// type) must not lose AC@1 against the committed baseline, and none that passed there may fail now.
// They run end to end through the investigateAlert workflow on a Temporal dev server (`--temporal`),
// so the gate also covers the durable host, not only the in-process one.
// Refresh the baseline deliberately with `ariadne eval gate --update` and commit it with the change
// that moved it.
import { describe, expect, it } from 'vitest';
import { gate } from '../../../evals/cli/gate-command.ts';

describe('the critical eval set', () => {
  it('holds AC@1 and every passing scenario against evals/baseline.json, run through Temporal', { timeout: 600_000 }, async () => {
    expect(await gate({ baseline: 'evals/baseline.json', tag: 'critical', parallel: 2, temporal: true })).toBe(true);
  });
});
