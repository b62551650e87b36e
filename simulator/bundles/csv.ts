// The CSV dialect bundles use: RFC 4180 (comma-separated, double quotes around fields that hold a
// comma, quote or line break, quotes doubled inside), one record per line.

/** Splits one CSV line into fields; returns an error message for an unterminated quote. */
export function parseCsvLine(line: string): string[] | { error: string } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < line.length) {
    const char = line[i] as string;
    if (quoted) {
      if (char === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && fieldStart) {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    } else {
      field += char;
    }
    fieldStart = false;
    i++;
  }
  if (quoted) return { error: 'unterminated quoted field' };
  fields.push(field);
  return fields;
}

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
