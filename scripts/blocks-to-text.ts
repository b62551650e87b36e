// Renders Block Kit as terminal text for the demo: what an engineer would read in the thread.
type Block = {
  type: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { type: string; text?: string | { text?: string } }[];
  accessory?: { type: string; text?: { text?: string } };
};

export function blocksToText(blocks: unknown): string {
  const lines: string[] = [];
  for (const block of (Array.isArray(blocks) ? blocks : []) as Block[]) {
    switch (block.type) {
      case 'header':
        lines.push(plain(block.text?.text).toUpperCase());
        break;
      case 'section':
        if (block.text?.text) lines.push(plain(block.text.text) + (block.accessory?.type === 'button' ? `  [ ${plain(block.accessory.text?.text)} ]` : ''));
        for (const field of block.fields ?? []) lines.push(`  ${plain(field.text)}`);
        break;
      case 'context':
        lines.push(`  ${(block.elements ?? []).map((e) => plain(typeof e.text === 'string' ? e.text : e.text?.text)).join('  ·  ')}`);
        break;
      case 'actions':
        lines.push(`  ${(block.elements ?? []).map((e) => `[ ${plain(typeof e.text === 'string' ? e.text : e.text?.text)} ]`).join(' ')}`);
        break;
      case 'divider':
        lines.push('  ───');
        break;
      case 'rich_text':
      default:
        break;
    }
  }
  return lines.join('\n');
}

function plain(text: string | undefined): string {
  return (text ?? '')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
