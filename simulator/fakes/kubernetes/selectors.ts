// Kubernetes label and field selectors, the subset list calls use: `k=v`, `k==v`, `k!=v`,
// `k in (a,b)`, `k notin (a,b)`, `k` and `!k` for labels; `k=v`, `k==v`, `k!=v` for fields.
// Requirements are separated by commas and AND-ed.

export class SelectorError extends Error {}

export type Requirement = (labels: Record<string, string | undefined>) => boolean;

/** Splits on commas outside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0) throw new SelectorError(`unable to parse requirement: unexpected ')' in "${selector}"`);
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw new SelectorError(`unable to parse requirement: unclosed '(' in "${selector}"`);
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

const KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}"`);
  return key;
}

export function parseLabelSelector(selector: string): Requirement[] {
  return splitRequirements(selector).map((part) => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(part);
    if (set) {
      const key = checkKey(set[1] as string);
      const values = new Set((set[3] as string).split(',').map((value) => value.trim()).filter(Boolean));
      return set[2] === 'in' ? (labels) => values.has(labels[key] ?? '\u0000') : (labels) => !values.has(labels[key] ?? '\u0000');
    }
    const comparison = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (comparison) {
      const key = checkKey(comparison[1] as string);
      const value = comparison[3] as string;
      return comparison[2] === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
    }
    if (part.startsWith('!')) {
      const key = checkKey(part.slice(1).trim());
      return (labels) => labels[key] === undefined;
    }
    const key = checkKey(part);
    return (labels) => labels[key] !== undefined;
  });
}

export function parseFieldSelector(selector: string, supported: readonly string[]): Requirement[] {
  return splitRequirements(selector).map((part) => {
    const comparison = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!comparison) throw new SelectorError(`invalid selector: '${part}'; can't understand '${part}'`);
    const key = comparison[1] as string;
    if (!supported.includes(key)) throw new SelectorError(`field label not supported: ${key}`);
    const value = (comparison[3] as string).trim();
    return comparison[2] === '!=' ? (fields) => fields[key] !== value : (fields) => fields[key] === value;
  });
}

export function matchesAll(requirements: Requirement[], values: Record<string, string | undefined>): boolean {
  return requirements.every((requirement) => requirement(values));
}
