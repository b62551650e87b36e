// A problem with what the user typed or pointed at: the CLI prints the message and exits 2. The
// message names the argument (`ID: unknown scenario "x"`) or the file and field.
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
