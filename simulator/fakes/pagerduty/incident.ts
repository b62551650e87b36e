// The scenario's alert as PagerDuty objects: the incident, its alert, and the v3 webhook event that
// announces it. Ids and numbers are stable for a (scenario, seed).
import type { ServedWorld } from '../shared/served-world.ts';
import { hexString, intBetween, upperAlnum, uuidFrom } from '../../world/seeded-hash.ts';

export const PAGERDUTY_API = 'https://api.pagerduty.com';

interface Reference {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url: string;
}

export interface PagerDutyIncidentModel {
  incidentId: string;
  alertId: string;
  webhookId: string;
  subscriptionId: string;
  incident: Record<string, unknown>;
  alert: Record<string, unknown>;
  webhookBody: { event: Record<string, unknown> };
}

function seconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function pascalWords(text: string): string {
  return text
    .split(/[-_ ]/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');
}

export const FIRST_NAMES = ['Priya', 'Marcus', 'Elena', 'Kenji', 'Amara', 'Tomás', 'Sofia', 'Daniel', 'Aisha', 'Lukas'];
export const LAST_NAMES = ['Raman', 'Okafor', 'Novak', 'Sato', 'Lindqvist', 'Moreau', 'Haddad', 'Brennan', 'Castillo', 'Weber'];

export function buildIncidentModel(world: Pick<ServedWorld, 'scenario' | 'seed' | 'service' | 'topology'>): PagerDutyIncidentModel {
  const { scenario, seed } = world;
  const alert = scenario.alert;
  const service = world.service(alert.service);
  const site = `https://${world.topology.name}.pagerduty.com`;
  const key = (...parts: (string | number)[]) => [seed, scenario.id, ...parts];
  const pid = (...parts: (string | number)[]) => `P${upperAlnum(6, ...key(...parts))}`;

  const incidentId = `Q${upperAlnum(13, ...key('incident'))}`;
  const alertId = `Q${upperAlnum(13, ...key('alert'))}`;
  const serviceId = pid('service', alert.service);
  const number = intBetween(1200, 9800, ...key('number'));
  const createdAt = seconds(alert.triggeredAt);
  const team = service?.team ?? 'platform';

  const serviceRef: Reference = { id: serviceId, type: 'service_reference', summary: alert.service, self: `${PAGERDUTY_API}/services/${serviceId}`, html_url: `${site}/service-directory/${serviceId}` };
  const userId = pid('user', team);
  const userName = `${FIRST_NAMES[intBetween(0, FIRST_NAMES.length - 1, ...key('first', team))]} ${LAST_NAMES[intBetween(0, LAST_NAMES.length - 1, ...key('last', team))]}`;
  const userRef: Reference = { id: userId, type: 'user_reference', summary: userName, self: `${PAGERDUTY_API}/users/${userId}`, html_url: `${site}/users/${userId}` };
  const policyId = pid('policy', team);
  const policyRef: Reference = { id: policyId, type: 'escalation_policy_reference', summary: `${pascalWords(team)} on-call`, self: `${PAGERDUTY_API}/escalation_policies/${policyId}`, html_url: `${site}/escalation_policies/${policyId}` };
  const teamId = pid('team', team);
  const teamRef: Reference = { id: teamId, type: 'team_reference', summary: pascalWords(team), self: `${PAGERDUTY_API}/teams/${teamId}`, html_url: `${site}/teams/${teamId}` };
  const priorityName = alert.severity === 'critical' ? 'P1' : alert.severity === 'error' ? 'P2' : 'P3';
  const priorityId = pid('priority', priorityName);
  const priority = { id: priorityId, type: 'priority_reference', summary: priorityName, self: `${PAGERDUTY_API}/priorities/${priorityId}` };
  const urgency = alert.severity === 'critical' || alert.severity === 'error' ? 'high' : 'low';
  const integrationId = pid('integration', alert.source);
  const integrationRef: Reference = {
    id: integrationId,
    type: 'generic_events_api_inbound_integration_reference',
    summary: pascalWords(alert.source),
    self: `${PAGERDUTY_API}/services/${serviceId}/integrations/${integrationId}`,
    html_url: `${site}/services/${serviceId}/integrations/${integrationId}`,
  };
  const logEntryId = `R${upperAlnum(25, ...key('log-entry'))}`;
  const incidentKey = hexString(32, ...key('incident-key'));
  const incidentSelf = `${PAGERDUTY_API}/incidents/${incidentId}`;
  const incidentHtml = `${site}/incidents/${incidentId}`;

  // Fields PagerDuty prints as null while unset (resolved_at, resolve_reason, alert_grouping) are left
  // out: the REST schema types them as non-nullable, and clients read a missing field the same way.
  const incident = {
    id: incidentId,
    type: 'incident',
    summary: `[#${number}] ${alert.title}`,
    self: incidentSelf,
    html_url: incidentHtml,
    incident_number: number,
    title: alert.title,
    created_at: createdAt,
    updated_at: createdAt,
    status: 'triggered',
    incident_key: incidentKey,
    service: serviceRef,
    assignments: [{ at: createdAt, assignee: userRef }],
    assigned_via: 'escalation_policy',
    last_status_change_at: createdAt,
    first_trigger_log_entry: {
      id: logEntryId,
      type: 'trigger_log_entry_reference',
      summary: `Triggered through the ${pascalWords(alert.source)} integration`,
      self: `${PAGERDUTY_API}/log_entries/${logEntryId}?incident_id=${incidentId}`,
      html_url: `${incidentHtml}/log_entries/${logEntryId}`,
    },
    alert_counts: { all: 1, triggered: 1, resolved: 0 },
    is_mergeable: true,
    incident_type: { name: 'incident_default' },
    escalation_policy: policyRef,
    teams: [teamRef],
    pending_actions: [{ type: 'escalate', at: seconds(new Date(Date.parse(createdAt) + 30 * 60_000).toISOString()) }],
    acknowledgements: [],
    last_status_change_by: serviceRef,
    priority,
    incidents_responders: [],
    responder_requests: [],
    urgency,
  };

  const details = { ...(alert.details ?? {}), service: alert.service, severity: alert.severity };
  const alertObject = {
    id: alertId,
    type: 'alert',
    summary: alert.title,
    self: `${incidentSelf}/alerts/${alertId}`,
    html_url: `${site}/alerts/${alertId}`,
    created_at: createdAt,
    status: 'triggered',
    alert_key: incidentKey,
    service: serviceRef,
    first_trigger_log_entry: incident.first_trigger_log_entry,
    incident: { id: incidentId, type: 'incident_reference', summary: incident.summary, self: incidentSelf, html_url: incidentHtml },
    suppressed: false,
    severity: alert.severity,
    integration: integrationRef,
    body: {
      type: 'alert_body',
      contexts: [],
      details,
    },
  };

  const occurredAt = new Date(Date.parse(alert.triggeredAt) + intBetween(100, 900, ...key('occurred'))).toISOString();
  const webhookBody = {
    event: {
      id: uuidFrom(...key('event')),
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: occurredAt,
      agent: integrationRef,
      client: { name: pascalWords(alert.source) },
      data: {
        id: incidentId,
        type: 'incident',
        self: incidentSelf,
        html_url: incidentHtml,
        number,
        status: 'triggered',
        incident_key: incidentKey,
        created_at: createdAt,
        title: alert.title,
        incident_type: { name: 'incident_default' },
        service: serviceRef,
        assignees: [userRef],
        escalation_policy: policyRef,
        teams: [teamRef],
        priority: { ...priority, html_url: `${site}/account/incident_priorities` },
        urgency,
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };

  return {
    incidentId,
    alertId,
    webhookId: uuidFrom(...key('webhook')),
    subscriptionId: pid('subscription'),
    incident,
    alert: alertObject,
    webhookBody,
  };
}
