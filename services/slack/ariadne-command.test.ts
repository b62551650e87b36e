import { describe, expect, it } from 'vitest';
import { ALERT_CLASSES } from '../agent/alert-class.ts';
import { parseAriadneCommand } from './ariadne-command.ts';

const parse = (text: string) => parseAriadneCommand(text, ALERT_CLASSES);

describe('parseAriadneCommand', () => {
  it('parses guidance add for a class, keeping the text as typed', () => {
    expect(parse('guidance add slo-burn-rate For burn-rate alerts on checkout,  always check payments')).toEqual({
      kind: 'guidance_add',
      alertClass: 'slo-burn-rate',
      text: 'For burn-rate alerts on checkout,  always check payments',
    });
  });

  it('parses global guidance and an optional service scope', () => {
    expect(parse('guidance add global Check the last deploy first')).toEqual({ kind: 'guidance_add', alertClass: '*', text: 'Check the last deploy first' });
    expect(parse('Guidance ADD high-latency service:checkout-api look at payments-db')).toEqual({
      kind: 'guidance_add',
      alertClass: 'high-latency',
      service: 'checkout-api',
      text: 'look at payments-db',
    });
  });

  it('refuses an unknown alert class, naming the known ones', () => {
    const result = parse('guidance add burn check payments');
    expect(result.kind).toBe('help');
    expect(result.kind === 'help' && result.problem).toMatch(/`burn` is not an alert class.*`slo-burn-rate`/);
  });

  it('refuses add without text, and text over 1000 characters', () => {
    expect(parse('guidance add error-rate').kind).toBe('help');
    expect(parse('guidance add error-rate service:x').kind).toBe('help');
    const long = parse(`guidance add error-rate ${'a'.repeat(1001)}`);
    expect(long.kind === 'help' && long.problem).toMatch(/at most 1000/);
  });

  it('parses list with and without a class, remove with an id, and status', () => {
    expect(parse('guidance list')).toEqual({ kind: 'guidance_list' });
    expect(parse('guidance list pod-restarts')).toEqual({ kind: 'guidance_list', alertClass: 'pod-restarts' });
    expect(parse('guidance remove slack-global-1a2b3c')).toEqual({ kind: 'guidance_remove', id: 'slack-global-1a2b3c' });
    expect(parse('  status ')).toEqual({ kind: 'status' });
  });

  it.each(['', 'help', 'frobnicate', 'guidance', 'guidance edit x', 'guidance remove', 'guidance remove Not_An_Id', 'status now'])('answers %j with help', (text) => {
    expect(parse(text).kind).toBe('help');
  });
});
