// Who may change guidance from Slack: a configured list of user ids (U…/W…) and user groups (by id
// S… or by handle, with or without @). Guidance steers every investigation of an alert class, so
// changing it is a privilege, checked on each add and remove.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

export async function isGuidanceEditor(client: WebClient, editors: readonly string[], userId: string, logger: Logger): Promise<boolean> {
  if (editors.includes(userId)) return true;
  const groups = editors.filter((e) => !/^[UW][A-Z0-9]{2,}$/.test(e)).map((e) => e.replace(/^@/, ''));
  if (groups.length === 0) return false;
  try {
    const result = await client.usergroups.list({ include_users: true });
    return (result.usergroups ?? []).some((g) => (groups.includes(g.id ?? '') || groups.includes(g.handle ?? '')) && (g.users ?? []).includes(userId));
  } catch (error) {
    // Without the usergroups:read scope nobody passes through a group: refuse, and say why in the log.
    logger.warn({ err: error, groups }, 'cannot read Slack user groups; only listed user ids may edit guidance');
    return false;
  }
}
