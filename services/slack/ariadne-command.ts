// Parses the text of `/ariadne ...` into a command. Pure: the alert classes a rule may name are
// passed in (the taxonomy plus the classes of past alerts), and anything that does not parse comes
// back as help with the problem named, never as an exception.
import { z } from 'zod';

export type AriadneCommand =
  | { kind: 'guidance_add'; alertClass: string; service?: string; text: string }
  | { kind: 'guidance_list'; alertClass?: string }
  | { kind: 'guidance_remove'; id: string }
  | { kind: 'status' }
  | { kind: 'help'; problem?: string };

/** The word that stands for "every alert class" in `/ariadne guidance add global ...`. */
export const GLOBAL_WORD = 'global';
export const MAX_GUIDANCE_CHARS = 1000;

const ServiceSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
const RuleIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

export function parseAriadneCommand(text: string, alertClasses: readonly string[]): AriadneCommand {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const [first, second, ...rest] = words;
  const top = first?.toLowerCase();
  if (top === undefined || top === 'help') return { kind: 'help' };
  if (top === 'status') return words.length === 1 ? { kind: 'status' } : { kind: 'help', problem: '`status` takes no arguments.' };
  if (top !== 'guidance') return { kind: 'help', problem: `I do not know \`${first}\`.` };

  const verb = second?.toLowerCase();
  if (verb === 'list') {
    const [cls, ...extra] = rest;
    if (extra.length > 0) return { kind: 'help', problem: '`guidance list` takes at most an alert class.' };
    if (cls === undefined) return { kind: 'guidance_list' };
    const alertClass = alertClassOf(cls, alertClasses);
    return alertClass ? { kind: 'guidance_list', alertClass } : { kind: 'help', problem: unknownClass(cls, alertClasses) };
  }
  if (verb === 'remove') {
    const [id, ...extra] = rest;
    if (id === undefined || extra.length > 0 || !RuleIdSchema.safeParse(id).success) {
      return { kind: 'help', problem: '`guidance remove` takes one rule id, as shown by `guidance list`.' };
    }
    return { kind: 'guidance_remove', id };
  }
  if (verb === 'add') {
    const [cls, ...tail] = rest;
    if (cls === undefined) return { kind: 'help', problem: '`guidance add` needs an alert class (or `global`) and the guidance text.' };
    const alertClass = alertClassOf(cls, alertClasses);
    if (!alertClass) return { kind: 'help', problem: unknownClass(cls, alertClasses) };
    let service: string | undefined;
    if (tail[0]?.toLowerCase().startsWith('service:')) {
      const name = tail.shift()!.slice('service:'.length);
      if (!ServiceSchema.safeParse(name).success) return { kind: 'help', problem: `\`service:${name}\` is not a service name (letters, digits, dots, dashes).` };
      service = name;
    }
    // The text keeps the user's spacing; only the words before it were split off.
    const ruleText = text.trim().replace(/^\S+\s+\S+\s+\S+/, '').trim().replace(/^service:\S+/i, '').trim();
    if (ruleText.length === 0) return { kind: 'help', problem: '`guidance add` needs the guidance text after the alert class.' };
    if (ruleText.length > MAX_GUIDANCE_CHARS) return { kind: 'help', problem: `Guidance is at most ${MAX_GUIDANCE_CHARS} characters (this is ${ruleText.length}).` };
    return { kind: 'guidance_add', alertClass, ...(service ? { service } : {}), text: ruleText };
  }
  return { kind: 'help', problem: verb ? `I do not know \`guidance ${second}\`.` : '`guidance` needs `add`, `list` or `remove`.' };
}

function alertClassOf(word: string, alertClasses: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower === GLOBAL_WORD || lower === '*') return '*';
  return alertClasses.find((c) => c === lower);
}

function unknownClass(word: string, alertClasses: readonly string[]): string {
  return `\`${word}\` is not an alert class. Use \`${GLOBAL_WORD}\` or one of: ${alertClasses.map((c) => `\`${c}\``).join(', ')}.`;
}
