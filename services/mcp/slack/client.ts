// The official Slack WebClient pointed at any Web API base URL (slack.com, or a compatible fake),
// read-only by use (the tools call conversations.* and users.info only), with a deadline, no
// automatic retries and rate limits rejected rather than waited out (the planner decides).
import { LogLevel, WebClient } from '@slack/web-api';
import { z } from 'zod';
import { asObject } from '../shared/objects.ts';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

export const SlackConfigSchema = z.object({
  token: z.string().min(1).describe('bot token (xoxb-...) with channels:history, groups:history, channels:read and users:read'),
  apiUrl: z.url().default(DEFAULT_SLACK_API_URL),
  timeoutMs: z.number().int().positive().optional(),
});
export type SlackConfig = z.input<typeof SlackConfigSchema>;

export interface SlackClient {
  apiUrl: string;
  timeoutMs: number;
  web: WebClient;
}

export function createSlackClient(config: SlackConfig): SlackClient {
  const parsed = SlackConfigSchema.parse(config);
  const apiUrl = parsed.apiUrl.endsWith('/') ? parsed.apiUrl : `${parsed.apiUrl}/`;
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
  const web = new WebClient(parsed.token, {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // The client logs to the console; stdout is the MCP stdio channel.
    logLevel: LogLevel.ERROR,
    logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} },
  });
  return { apiUrl, timeoutMs, web };
}

/** Reads SLACK_BOT_TOKEN (and SLACK_API_URL); undefined when no token is set. */
export function slackConfigFromEnv(env: Readonly<Record<string, unknown>>): SlackConfig | undefined {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const token = read('SLACK_BOT_TOKEN');
  if (!token) return undefined;
  return { token, apiUrl: read('SLACK_API_URL') ?? DEFAULT_SLACK_API_URL };
}

/** Slack Web API failures (HTTP 200 with ok:false, rate limits, transport errors) as one sentence. */
export function mapSlackError(error: unknown, doing: string, timeoutMs: number): { message: string; retryable: boolean } {
  const e = asObject(error);
  const code = e?.['code'];
  if (code === 'slack_webapi_rate_limited_error') {
    const after = Number(e?.['retryAfter']);
    return { retryable: true, message: `Slack is rate limiting requests while ${doing}; retry ${Number.isFinite(after) ? `after ${after} s` : 'in a minute'}.` };
  }
  if (code === 'slack_webapi_platform_error') {
    const slackError = String(asObject(e?.['data'])?.['error'] ?? 'unknown_error');
    if (['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission'].includes(slackError)) {
      return { retryable: false, message: `Slack refused the token (${slackError}) while ${doing}; check SLACK_BOT_TOKEN and its scopes (channels:history, channels:read, users:read).` };
    }
    if (slackError === 'channel_not_found' || slackError === 'not_in_channel') {
      return { retryable: false, message: `Slack answered ${slackError} while ${doing}; check the channel name, and invite the bot to a private channel.` };
    }
    if (slackError === 'ratelimited') return { retryable: true, message: `Slack is rate limiting requests while ${doing}; retry in a minute.` };
    if (['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(slackError)) {
      return { retryable: true, message: `Slack had a server error (${slackError}) while ${doing}; retry in a few seconds.` };
    }
    return { retryable: false, message: `Slack answered ${slackError} while ${doing}; change the arguments, a retry will fail the same way.` };
  }
  if (code === 'slack_webapi_http_error') {
    const status = Number(e?.['statusCode']);
    return status >= 500
      ? { retryable: true, message: `Slack had a server error (HTTP ${status}) while ${doing}; retry in a few seconds.` }
      : { retryable: false, message: `Slack rejected the request (HTTP ${status}) while ${doing}; check SLACK_API_URL and SLACK_BOT_TOKEN.` };
  }
  if (code === 'slack_webapi_request_error') {
    const original = asObject(e?.['original']);
    const text = String(original?.['message'] ?? e?.['message'] ?? '');
    if (/timeout|ECONNABORTED|aborted/i.test(text) || original?.['code'] === 'ECONNABORTED') {
      return { retryable: true, message: `Slack did not answer within ${Math.round(timeoutMs / 100) / 10} s while ${doing}; retry.` };
    }
    return { retryable: true, message: `Could not reach Slack (${text.slice(0, 120)}) while ${doing}; check that SLACK_API_URL is right and reachable.` };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { retryable: false, message: `Unexpected error from Slack while ${doing}: ${text.slice(0, 200)}.` };
}
