// The one place environment variables are read. Parsed once at start-up; a bad value stops the
// process with a message naming the variable, never later in the middle of an investigation.
import { z } from 'zod';
import { DEFAULT_CLAUDE_MODEL } from './agent/planners/claude.ts';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const ConfigSchema = z.object({
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  PAGERDUTY_WEBHOOK_SECRETS: list.pipe(z.array(z.string()).min(1, 'at least one signing secret is required')),
  INTAKE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_DEFAULT_CHANNEL: z.string().default('#incidents'),
  SLACK_PUBLIC_URL: z.url().optional().describe('base URL Slack can reach the app at; enables metric chart images'),
  SLACK_GUIDANCE_EDITORS: list.default([]).describe('Slack user ids (or @user-group handles) allowed to change guidance from Slack'),
  ARIADNE_QUIET_WHEN_INCONCLUSIVE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('post nothing (no progress line, no note) when an investigation finds nothing worth attention'),
  ARIADNE_IGNORED_AFTER_MINUTES: z.coerce.number().int().positive().default(24 * 60).describe('a finding nobody touched for this long is recorded as ignored'),
  SLACK_ALERT_CHANNEL: z.string().optional().describe('channel where alerts are announced; findings go into the alert message thread'),
  DD_API_KEY: z.string().optional(),
  DD_APP_KEY: z.string().optional(),
  DD_SITE_URL: z.url().optional(),
  KUBERNETES_SERVER: z.url().optional(),
  KUBERNETES_TOKEN: z.string().optional(),
  OPENSEARCH_URL: z.url().optional(),
  OPENSEARCH_USERNAME: z.string().optional(),
  OPENSEARCH_PASSWORD: z.string().optional(),
  OPENSEARCH_INDEX: z.string().optional(),
  PAGERDUTY_TOKEN: z.string().optional(),
  PAGERDUTY_API_URL: z.url().optional(),
  ARIADNE_PLANNER: z.enum(['deterministic', 'claude']).default('deterministic'),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().default(DEFAULT_CLAUDE_MODEL),
  ARIADNE_GUIDANCE_DIR: z.string().optional().describe('directory of guidance YAML files'),
  ARIADNE_CATALOG: z.string().optional().describe('path to the service catalog (topology.yaml format)'),
  ARIADNE_DB: z.string().default('.data/ariadne.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.refine((c) => c.ARIADNE_PLANNER !== 'claude' || c.ANTHROPIC_API_KEY, {
    path: ['ANTHROPIC_API_KEY'],
    message: 'required when ARIADNE_PLANNER is claude',
  }).safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
