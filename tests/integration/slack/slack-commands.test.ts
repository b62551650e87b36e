// `/ariadne` slash commands end to end: signed form posts to a real Bolt app, answers through the
// command's response_url (a local capture server here), guidance and status from a real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuidanceRule } from '../../../services/agent/guidance.ts';
import { MEMBERS, responseFor, startHarness, type Harness } from './slack-app-harness.ts';
import { sampleReport } from './sample-report.ts';

const EDITOR = MEMBERS[0]!;
const NOT_EDITOR = MEMBERS[1]!;
const fileGuidance: GuidanceRule[] = [
  { id: 'checkout-payments', alertClass: 'slo-burn-rate', service: 'storefront-web', text: 'For burn-rate alerts on checkout, always check the payments dependency and the last deploy.', alsoCheck: ['payments-service'] },
  { id: 'deploys-first', alertClass: '*', text: 'Check the last deploy first.', alsoCheck: [] },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ guidanceEditors: [EDITOR], fileGuidance, now: () => new Date('2026-11-20T14:00:00Z') });
});
afterAll(async () => {
  await h.close();
});

async function run(text: string, userId: string, name: string): Promise<{ text: string; blocks: string; body: Record<string, unknown> }> {
  const sent = await h.slashCommand(text, userId, name);
  expect(sent.status).toBe(200);
  const body = await responseFor(h, name);
  expect(body.response_type).toBe('ephemeral');
  return { text: String(body.text), blocks: JSON.stringify(body.blocks), body };
}

describe('/ariadne guidance', () => {
  it('adds guidance for a guidance editor, confirming with the rule id, and records who and when', async () => {
    const reply = await run('guidance add slo-burn-rate service:storefront-web Ignore the payments dependency, it is always noisy', EDITOR, 'add-ok');
    const id = /Added guidance (slack-slo-burn-rate-[0-9a-f]{6})/.exec(reply.text)?.[1];
    expect(id).toBeDefined();
    expect(reply.blocks).toContain('conflicts with');
    expect(reply.blocks).toContain('checkout-payments');
    const stored = await h.store.listGuidance();
    expect(stored).toEqual([
      expect.objectContaining({ id, alertClass: 'slo-burn-rate', service: 'storefront-web', text: 'Ignore the payments dependency, it is always noisy', createdBy: EDITOR, createdAt: '2026-11-20T14:00:00.000Z' }),
    ]);
    expect(await h.store.listGuidanceAudit()).toEqual([expect.objectContaining({ action: 'add', ruleId: id, by: EDITOR })]);
  });

  it('refuses to add guidance for someone outside the guidance editors', async () => {
    const before = (await h.store.listGuidance()).length;
    const reply = await run('guidance add global Always page the DBA', NOT_EDITOR, 'add-refused');
    expect(reply.text).toMatch(/Only guidance editors can add guidance/);
    expect(await h.store.listGuidance()).toHaveLength(before);
  });

  it('answers an unknown alert class with help naming the classes, adding nothing', async () => {
    const before = (await h.store.listGuidance()).length;
    const reply = await run('guidance add checkout-burn check payments', EDITOR, 'add-bad-class');
    expect(reply.blocks).toContain('is not an alert class');
    expect(reply.blocks).toContain('slo-burn-rate');
    expect(await h.store.listGuidance()).toHaveLength(before);
  });

  it('lists YAML and Slack guidance together, with the conflict shown, filtered by class', async () => {
    const all = await run('guidance list', NOT_EDITOR, 'list-all');
    expect(all.blocks).toContain('checkout-payments');
    expect(all.blocks).toContain('deploys-first');
    expect(all.blocks).toContain('from YAML');
    expect(all.blocks).toMatch(/from Slack by <@U05QJ8R2M7K>/);
    expect(all.blocks).toContain('3 rules · :warning: 2 in conflict');
    expect(all.text).toMatch(/3 guidance rules, 2 in conflict/);

    const errorRate = await run('guidance list error-rate', NOT_EDITOR, 'list-error-rate');
    expect(errorRate.blocks).toContain('deploys-first');
    expect(errorRate.blocks).not.toContain('checkout-payments');
  });

  it('removes Slack guidance for an editor with an audit entry, and refuses YAML rules and non-editors', async () => {
    const [rule] = await h.store.listGuidance();
    const refused = await run(`guidance remove ${rule!.id}`, NOT_EDITOR, 'remove-refused');
    expect(refused.text).toMatch(/Only guidance editors/);
    const yaml = await run('guidance remove checkout-payments', EDITOR, 'remove-yaml');
    expect(yaml.text).toMatch(/comes from the YAML guidance files/);
    expect(await h.store.listGuidance()).toHaveLength(1);

    const removed = await run(`guidance remove ${rule!.id}`, EDITOR, 'remove-ok');
    expect(removed.text).toBe(`Removed guidance ${rule!.id}`);
    expect(await h.store.listGuidance()).toEqual([]);
    expect((await h.store.listGuidanceAudit()).map((a) => [a.action, a.ruleId, a.by])).toEqual([
      ['add', rule!.id, EDITOR],
      ['remove', rule!.id, EDITOR],
    ]);
    const unknown = await run(`guidance remove ${rule!.id}`, EDITOR, 'remove-again');
    expect(unknown.text).toMatch(/no Slack-added guidance/);
  });
});

describe('/ariadne status', () => {
  it('shows recent investigations and the bucket of each alert class', async () => {
    const burn = (n: number) => sampleReport({ investigationId: `investigate-BURN${n}`, alert: { ...sampleReport().alert, incidentId: `BURN${n}`, title: 'SLO burn rate on storefront-web' } });
    for (let n = 0; n < 3; n += 1) await h.store.saveReport(burn(n), 1, { alertClass: 'slo-burn-rate' });
    const errors = sampleReport({ investigationId: 'investigate-ERR1' });
    await h.store.saveReport(errors, 1, { alertClass: 'error-rate' });
    await h.store.recordInteraction({ investigationId: 'investigate-ERR1', kind: 'vote_down', findingRank: 1, userId: MEMBERS[2]!, at: '2026-11-20T14:00:00Z' });
    const quiet = sampleReport({ investigationId: 'investigate-LAT1', outcome: 'inconclusive', findings: [], alert: { ...sampleReport().alert, incidentId: 'LAT1', title: 'High latency on cart-service', service: 'cart-service' } });
    await h.store.saveReport(quiet, 1, { alertClass: 'high-latency' });

    const reply = await run('status', NOT_EDITOR, 'status');
    expect(reply.blocks).toMatch(/slo-burn-rate\*: :white_check_mark: solved with confidence \(3 investigations: 3 confirmed/);
    expect(reply.blocks).toMatch(/error-rate\*: :seedling: learnable \(1 investigation: 0 confirmed, 1 disputed/);
    expect(reply.blocks).toMatch(/high-latency\*: :no_entry_sign: out of reach/);
    expect(reply.blocks).toContain('High latency on cart-service');
    expect(reply.blocks).toContain('inconclusive');
  });
});

describe('/ariadne help', () => {
  it('answers anything else with the commands', async () => {
    const reply = await run('frobnicate', NOT_EDITOR, 'help');
    expect(reply.blocks).toContain('I do not know `frobnicate`');
    expect(reply.blocks).toContain('/ariadne guidance add');
    expect(reply.blocks).toContain('/ariadne status');
  });
});

describe('/ariadne guidance with a user group as editors', () => {
  let byGroup: Harness;
  beforeAll(async () => {
    // The fake's workspace has one group, @oncall, holding MEMBERS[0] only.
    byGroup = await startHarness({ guidanceEditors: ['@oncall'], now: () => new Date('2026-11-20T14:00:00Z') });
  });
  afterAll(async () => {
    await byGroup.close();
  });

  it('lets members of the group add guidance and refuses everyone else', async () => {
    expect((await byGroup.slashCommand('guidance add error-rate Check the last deploy first', MEMBERS[0]!, 'group-in')).status).toBe(200);
    expect(String((await responseFor(byGroup, 'group-in')).text)).toMatch(/^Added guidance/);
    expect((await byGroup.slashCommand('guidance add error-rate Ignore deploys', MEMBERS[1]!, 'group-out')).status).toBe(200);
    expect(String((await responseFor(byGroup, 'group-out')).text)).toMatch(/Only guidance editors can add guidance/);
    expect((await byGroup.store.listGuidance()).map((g) => g.createdBy)).toEqual([MEMBERS[0]]);
  });
});
