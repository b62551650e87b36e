// Ids shared by the block builders (render/) and the listeners, so a renamed button can never
// silently stop reaching its handler. Button values are JSON and are parsed with zod on the way
// back: Slack hands them to us verbatim, and an old message can carry an old value shape.
import { z } from 'zod';

export const ACTION_IDS = {
  expandFinding: 'expand_finding',
  collapseFinding: 'collapse_finding',
} as const;

/** block_id of the section that heads one finding; unique per message as Block Kit requires. */
export function findingBlockId(rank: number): string {
  return `ariadne_finding_${rank}`;
}

export const FindingButtonValueSchema = z.object({
  investigationId: z.string().min(1),
  rank: z.number().int().positive(),
});
export type FindingButtonValue = z.infer<typeof FindingButtonValueSchema>;

export function encodeFindingButtonValue(value: FindingButtonValue): string {
  return JSON.stringify(value);
}

/** Parses a button value; never throws, because the value comes from Slack, not from us. */
export function parseFindingButtonValue(raw: string | undefined): z.ZodSafeParseResult<FindingButtonValue> {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    json = raw;
  }
  return FindingButtonValueSchema.safeParse(json);
}
