// Every tool result shares this envelope (HolmesGPT's success|error|no_data plus mcp-grafana's
// truncation flag and hints), so the planner can branch on status without reading prose.
import { z } from 'zod';

export const ResultStatusSchema = z.enum(['ok', 'no_data', 'error']);
export type ResultStatus = z.infer<typeof ResultStatusSchema>;

export const ToolErrorSchema = z.object({
  message: z.string().describe('one actionable sentence'),
  retryable: z.boolean().describe('true when the failure is transient (5xx, 429, timeout) and a retry may succeed'),
});
export type ToolError = z.infer<typeof ToolErrorSchema>;

export const envelopeShape = {
  status: ResultStatusSchema,
  truncated: z.boolean().describe('true when results were cut to the limit; narrow the query to see more'),
  hints: z.array(z.string()).describe('what to try next, especially when nothing was found'),
  error: ToolErrorSchema.optional(),
};
