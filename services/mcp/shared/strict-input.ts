// Tool inputs reject unknown keys and say which keys are valid, so a planner (or a person typing
// into Claude Desktop) can fix a misspelt argument in one step instead of guessing.
import { z } from 'zod';

export function strictInput<Shape extends z.ZodRawShape>(shape: Shape, where = 'argument', whenMissing?: string) {
  const valid = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown ${where}${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; valid ${where}s are: ${valid}`;
      }
      if (issue.code === 'invalid_type' && whenMissing) return issue.input === undefined ? whenMissing : `${whenMissing} (got ${typeof issue.input})`;
      return undefined;
    },
  });
}
