import { describe, expect, it } from 'vitest';
import { matchesAll, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';

const labels = { 'app.kubernetes.io/name': 'inventory-service', app: 'inventory-service', 'pod-template-hash': '7f9c6d8b5' };

describe('label selectors', () => {
  it('support equality, inequality, set membership and existence, AND-ed', () => {
    expect(matchesAll(parseLabelSelector('app.kubernetes.io/name=inventory-service'), labels)).toBe(true);
    expect(matchesAll(parseLabelSelector('app==inventory-service,pod-template-hash=7f9c6d8b5'), labels)).toBe(true);
    expect(matchesAll(parseLabelSelector('app!=inventory-service'), labels)).toBe(false);
    expect(matchesAll(parseLabelSelector('app.kubernetes.io/name in (cart-service, inventory-service)'), labels)).toBe(true);
    expect(matchesAll(parseLabelSelector('app notin (inventory-service)'), labels)).toBe(false);
    expect(matchesAll(parseLabelSelector('app,!team'), labels)).toBe(true);
    expect(matchesAll(parseLabelSelector(''), labels)).toBe(true);
  });

  it('report unparseable requirements', () => {
    expect(() => parseLabelSelector('app in (a,b')).toThrow(SelectorError);
    expect(() => parseLabelSelector('=x')).toThrow(/unable to parse requirement/);
  });
});

describe('field selectors', () => {
  it('match supported fields and reject others by name', () => {
    const fields = { 'involvedObject.name': 'inventory-service', 'involvedObject.kind': 'Deployment' };
    expect(matchesAll(parseFieldSelector('involvedObject.name=inventory-service,involvedObject.kind=Deployment', ['involvedObject.name', 'involvedObject.kind']), fields)).toBe(true);
    expect(matchesAll(parseFieldSelector('involvedObject.kind!=Deployment', ['involvedObject.kind']), fields)).toBe(false);
    expect(() => parseFieldSelector('spec.color=blue', ['involvedObject.kind'])).toThrow('field label not supported: spec.color');
  });
});
