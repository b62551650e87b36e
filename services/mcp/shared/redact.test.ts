import { describe, expect, it } from 'vitest';
import { redact, redactDeep } from './redact.ts';

describe('redact', () => {
  it.each([
    ['bearer_token', 'GET /api Authorization: Bearer abcDEF123456789.xyz failed', 'GET /api Authorization: Bearer [REDACTED:bearer_token] failed'],
    ['api_key', 'using key 0123456789abcdef0123456789abcdef for intake', 'using key [REDACTED:api_key] for intake'],
    ['slack_token', 'slack client init with xoxb-12345678-ABCDEFGH-zzzz', 'slack client init with [REDACTED:slack_token]'],
    ['slack_token', 'user token xoxp-1111-2222-3333-abcdef', 'user token [REDACTED:slack_token]'],
    ['aws_access_key', 'boto: AKIAIOSFODNN7EXAMPLE denied', 'boto: [REDACTED:aws_access_key] denied'],
    ['password', 'connect failed: password=hunter2 user=app', 'connect failed: password=[REDACTED:password] user=app'],
    ['secret', 'config client_secret=s3cr3tValue loaded', 'config client_secret=[REDACTED:secret] loaded'],
    ['secret', '{"api_key": "abc123def"}', '{"api_key": "[REDACTED:secret]"}'],
    ['email', 'order placed by jane.doe+shop@example.co.uk today', 'order placed by [REDACTED:email] today'],
    ['url_password', 'dial postgres://app:pa55w0rd@orders-db:5432/orders', 'dial postgres://app:[REDACTED:url_password]@orders-db:5432/orders'],
  ])('redacts %s', (_kind, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('redacts a JWT', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(redact(`token rejected: ${jwt}`)).toBe('token rejected: [REDACTED:jwt]');
  });

  it('redacts a private key block', () => {
    const text = 'loaded -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- ok';
    expect(redact(text)).toBe('loaded [REDACTED:private_key] ok');
  });

  it('keeps trace ids, exception text and ordinary words', () => {
    const text = "KeyError: 'warehouse_id' trace_id=4bf92f3577b34da6a3ce929d0e0e4736 in Basic authentication handler";
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact('password=hunter2 Bearer abcdefghijkl jane@example.com');
    expect(redact(once)).toBe(once);
  });
});

describe('redactDeep', () => {
  it('redacts nested strings and keeps numbers and dates', () => {
    const at = new Date('2026-11-20T13:00:00Z');
    const out = redactDeep({ env: [{ value: 'password=hunter2' }], count: 3, at });
    expect(out).toEqual({ env: [{ value: 'password=[REDACTED:password]' }], count: 3, at });
  });
});
