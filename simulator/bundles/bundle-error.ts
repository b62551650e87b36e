// A bad bundle is reported once, naming where the problem is: the file, the line for line-based
// files (CSV, JSONL) and the field, e.g. `logs.jsonl:17: timestamp: invalid ISO 8601 or epoch timestamp`.
// The CLI prints the message and exits 2.

export class BundleError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(file: string, line: number | undefined, field: string | undefined, detail: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'BundleError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}
