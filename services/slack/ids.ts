// Ids shared by the block builders (render/) and the listeners, so a renamed button can never
// silently stop reaching its handler. Button values are JSON and are parsed with zod on the way
// back: Slack hands them to us verbatim, and an old message can carry an old value shape.
import { z } from 'zod';

export const ACTION_IDS = {
  expandFinding: 'expand_finding',
  collapseFinding: 'collapse_finding',
  searchFurther: 'search_further',
  voteUp: 'vote_up',
  voteDown: 'vote_down',
  openFeedback: 'open_feedback',
} as const;

/** The slash command; one command with subcommands keeps the app's footprint in Slack small. */
export const SLASH_COMMAND = '/ariadne';

/** The feedback modal: its callback id, and the block and action ids of its inputs. */
export const FEEDBACK_VIEW = {
  callbackId: 'ariadne_feedback',
  text: { blockId: 'feedback_text', actionId: 'feedback_text_input' },
  serviceSelect: { blockId: 'corrected_service_select', actionId: 'corrected_service_select_input' },
  serviceText: { blockId: 'corrected_service_text', actionId: 'corrected_service_text_input' },
  faultType: { blockId: 'corrected_fault_type', actionId: 'corrected_fault_type_input' },
} as const;

/** block_id of the section that heads one finding; unique per message as Block Kit requires. */
export function findingBlockId(rank: number): string {
  return `ariadne_finding_${rank}`;
}

/** block_id of the buttons row under a finding (search further, votes, feedback). */
export function findingActionsBlockId(rank: number): string {
  return `ariadne_finding_actions_${rank}`;
}

/**
 * The investigation id of a "search further" child: derived, not generated, so the worker that
 * runs it and the Slack app that shows "searching…" agree on it without talking to each other.
 */
export function searchFurtherInvestigationId(parentInvestigationId: string, rank: number): string {
  return `${parentInvestigationId}-further-${rank}`;
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

/** The feedback modal's private_metadata: which finding, and which message to refresh afterwards. */
export const FeedbackModalMetadataSchema = z.object({
  investigationId: z.string().min(1),
  rank: z.number().int().positive(),
  channel: z.string().min(1),
  messageTs: z.string().min(1),
});
export type FeedbackModalMetadata = z.infer<typeof FeedbackModalMetadataSchema>;

export function parseFeedbackModalMetadata(raw: string | undefined): z.ZodSafeParseResult<FeedbackModalMetadata> {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    json = raw;
  }
  return FeedbackModalMetadataSchema.safeParse(json);
}
