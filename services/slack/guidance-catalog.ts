// Guidance from YAML files (reviewed like code) and from Slack (`/ariadne guidance add`) is one
// catalog. Two rules for the same alert class and service may pull an investigation two ways, and
// an id used by both sources is ambiguous; both are shown as conflicts so someone resolves them.
import type { GuidanceRule } from '../agent/guidance.ts';
import type { StoredGuidanceRule } from '../store/index.ts';

export interface CatalogRule {
  rule: GuidanceRule;
  source: 'yaml' | 'slack';
  createdBy?: string;
  createdAt?: string;
  /** Ids of the other rules this one conflicts with. */
  conflictsWith: string[];
}

export function mergeGuidance(fileRules: readonly GuidanceRule[], slackRules: readonly StoredGuidanceRule[]): CatalogRule[] {
  const merged: CatalogRule[] = [
    ...fileRules.map((rule) => ({ rule, source: 'yaml' as const, conflictsWith: [] as string[] })),
    ...slackRules.map(({ createdBy, createdAt, ...rule }) => ({ rule, source: 'slack' as const, createdBy, createdAt, conflictsWith: [] as string[] })),
  ];
  const scope = (r: GuidanceRule) => `${r.alertClass}|${r.service ?? ''}`;
  for (const a of merged) {
    for (const b of merged) {
      if (a === b) continue;
      if (scope(a.rule) === scope(b.rule) || a.rule.id === b.rule.id) {
        if (!a.conflictsWith.includes(b.rule.id)) a.conflictsWith.push(b.rule.id);
      }
    }
  }
  return merged;
}

/** The rules that apply to an alert class: its own and the global ones. */
export function rulesFor(catalog: readonly CatalogRule[], alertClass: string | undefined): CatalogRule[] {
  if (alertClass === undefined) return [...catalog];
  return catalog.filter((c) => c.rule.alertClass === alertClass || c.rule.alertClass === '*');
}
