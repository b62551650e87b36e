// The subset of Slack's Block Kit validation that catches real rendering bugs: Slack rejects the
// whole message with invalid_blocks and a json-pointer per problem, and so does the fake.
export type Block = Record<string, unknown> & { type: string; block_id?: string };

const LIMITS = { blocks: 50, sectionText: 3000, field: 2000, fields: 10, header: 150, buttonText: 75, buttonValue: 2000, id: 255, contextElements: 10 };

export function checkBlocks(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks) problems.push(`must be less than ${LIMITS.blocks + 1} items [json-pointer:/blocks]`);
  const seenIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const at = `/blocks/${i}`;
    if (typeof block !== 'object' || block === null || typeof (block as Block).type !== 'string') {
      problems.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    const b = block as Block;
    if (typeof b.block_id === 'string') {
      if (seenIds.has(b.block_id)) problems.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      seenIds.add(b.block_id);
      tooLong(b.block_id, LIMITS.id, `${at}/block_id`, problems);
    }
    if (b.type === 'section') {
      const text = textOf(b.text);
      const fields = Array.isArray(b.fields) ? b.fields : undefined;
      if (text === undefined && !fields) problems.push(`must provide either text or fields [json-pointer:${at}]`);
      if (text !== undefined) {
        if (text.length === 0) problems.push(`must be more than 0 characters [json-pointer:${at}/text/text]`);
        tooLong(text, LIMITS.sectionText, `${at}/text/text`, problems);
      }
      if (fields) {
        if (fields.length > LIMITS.fields) problems.push(`must be less than ${LIMITS.fields + 1} items [json-pointer:${at}/fields]`);
        fields.forEach((f: unknown, j) => tooLong(textOf(f) ?? '', LIMITS.field, `${at}/fields/${j}/text`, problems));
      }
      checkElement(b.accessory, `${at}/accessory`, problems);
    } else if (b.type === 'header') {
      tooLong(textOf(b.text) ?? '', LIMITS.header, `${at}/text/text`, problems);
    } else if (b.type === 'actions' || b.type === 'context') {
      const elements = Array.isArray(b.elements) ? b.elements : [];
      if (elements.length === 0) problems.push(`must be more than 0 items [json-pointer:${at}/elements]`);
      if (b.type === 'context' && elements.length > LIMITS.contextElements) {
        problems.push(`must be less than ${LIMITS.contextElements + 1} items [json-pointer:${at}/elements]`);
      }
      elements.forEach((e: unknown, j) => checkElement(e, `${at}/elements/${j}`, problems));
    }
  });
  return problems;
}

function checkElement(element: unknown, at: string, problems: string[]): void {
  if (typeof element !== 'object' || element === null) return;
  const e = element as Record<string, unknown>;
  if (e.type !== 'button') return;
  tooLong(textOf(e.text) ?? '', LIMITS.buttonText, `${at}/text/text`, problems);
  if (typeof e.value === 'string') tooLong(e.value, LIMITS.buttonValue, `${at}/value`, problems);
  if (typeof e.action_id === 'string') tooLong(e.action_id, LIMITS.id, `${at}/action_id`, problems);
}

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

function tooLong(text: string, max: number, at: string, problems: string[]): void {
  if (text.length > max) problems.push(`must be less than ${max + 1} characters [json-pointer:${at}]`);
}
