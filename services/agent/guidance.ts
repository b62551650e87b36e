// Guidance: how platform teams steer investigations without touching prompts. Rules live as YAML in
// their repo (reviewed like code), global or per alert class and service; the ones that apply are
// given to the planner and recorded in the report, so everyone can see what steered it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ALERT_CLASSES, type AlertClass } from './alert-class.ts';
import type { Alert } from './types.ts';

export const GuidanceRuleSchema = z
  .object({
    id: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'),
    alertClass: z.enum([...ALERT_CLASSES, '*']).default('*').describe('which alert class it applies to; * for all'),
    service: z.string().min(1).optional().describe('only alerts on this service'),
    text: z.string().min(1).max(1_000).describe('what an investigator should do, in plain words'),
    alsoCheck: z.array(z.string().min(1)).default([]).describe('services to examine from the first step'),
  })
  .strict();
export type GuidanceRule = z.infer<typeof GuidanceRuleSchema>;

export const GuidanceFileSchema = z.object({ guidance: z.array(GuidanceRuleSchema) }).strict();

export class GuidanceError extends Error {}

export function parseGuidance(text: string, source: string): GuidanceRule[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new GuidanceError(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = GuidanceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GuidanceError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const [index, rule] of parsed.data.guidance.entries()) {
    if (seen.has(rule.id)) throw new GuidanceError(`${source}: guidance.${index}.id: duplicate id "${rule.id}"`);
    seen.add(rule.id);
  }
  return parsed.data.guidance;
}

/** Every `*.yaml` / `*.yml` file in a directory, in name order; ids must be unique across files. */
export async function loadGuidanceDir(dir: string): Promise<GuidanceRule[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const rules: GuidanceRule[] = [];
  const origin = new Map<string, string>();
  for (const file of files) {
    const path = join(dir, file);
    for (const rule of parseGuidance(await readFile(path, 'utf8'), path)) {
      const earlier = origin.get(rule.id);
      if (earlier) throw new GuidanceError(`${path}: id "${rule.id}" is already used in ${earlier}`);
      origin.set(rule.id, path);
      rules.push(rule);
    }
  }
  return rules;
}

export function guidanceFor(rules: GuidanceRule[], alert: Pick<Alert, 'service'>, alertClass: AlertClass): GuidanceRule[] {
  return rules.filter((r) => (r.alertClass === '*' || r.alertClass === alertClass) && (!r.service || r.service === alert.service));
}
