// Slack mrkdwn helpers. Slack treats &, < and > as control characters in mrkdwn (links, mentions),
// so any text we did not write (log lines, queries, service names) is escaped before it is shown.

export const TRUNCATION_MARK = '… (truncated)';

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, ending with a visible mark when it had to cut. */
export function truncate(text: string, max: number, mark: string = TRUNCATION_MARK): string {
  if (text.length <= max) return text;
  if (max <= mark.length) return mark.slice(0, max);
  return text.slice(0, max - mark.length) + mark;
}

/** One line: newlines would break a code span or a one-line summary. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** Inline code; backticks inside would end the span early, so they become look-alikes. */
export function codeSpan(text: string): string {
  const body = escapeMrkdwn(oneLine(text)).replace(/`/g, 'ˋ');
  return body.length === 0 ? '' : `\`${body}\``;
}

/** A fenced code block; a ``` inside would close it, so backtick runs are broken up. */
export function codeBlock(lines: readonly string[]): string {
  const body = lines.map((line) => escapeMrkdwn(line).replace(/```/g, 'ˋˋˋ')).join('\n');
  return '```\n' + body + '\n```';
}

export function percent(confidence: number): string {
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}
