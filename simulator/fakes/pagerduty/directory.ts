// The PagerDuty account around the scenario: services, teams, escalation policies, responders and
// past incidents (`world.incidentHistory`), rendered as REST API v2 objects. Ids follow the same
// formulas as incident.ts, so the current incident, its webhook and these lists agree.
import { hexString, intBetween, upperAlnum } from '../../world/seeded-hash.ts';
import type { PastIncident, ServedWorld } from '../shared/served-world.ts';
import { FIRST_NAMES, LAST_NAMES, PAGERDUTY_API, pascalWords, type PagerDutyIncidentModel } from './incident.ts';

function seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface PagerDutyDirectory {
  services: Record<string, unknown>[];
  serviceIdOf(name: string): string;
  incidents: { record: PastIncident; serviceId: string; incident: Record<string, unknown>; alert: Record<string, unknown>; logEntries: Record<string, unknown>[]; notes: Record<string, unknown>[] }[];
}

export function buildDirectory(world: ServedWorld, model: PagerDutyIncidentModel): PagerDutyDirectory {
  const { scenario, seed } = world;
  const site = `https://${world.topology.name}.pagerduty.com`;
  const key = (...parts: (string | number)[]) => [seed, scenario.id, ...parts];
  const pid = (...parts: (string | number)[]) => `P${upperAlnum(6, ...key(...parts))}`;
  const teamOf = (service: string) => world.service(service)?.team ?? 'platform';
  const serviceIdOf = (name: string) => pid('service', name);
  const serviceRef = (name: string) => ({ id: serviceIdOf(name), type: 'service_reference', summary: name, self: `${PAGERDUTY_API}/services/${serviceIdOf(name)}`, html_url: `${site}/service-directory/${serviceIdOf(name)}` });
  const teamRef = (team: string) => ({ id: pid('team', team), type: 'team_reference', summary: pascalWords(team), self: `${PAGERDUTY_API}/teams/${pid('team', team)}`, html_url: `${site}/teams/${pid('team', team)}` });
  const policyRef = (team: string) => ({ id: pid('policy', team), type: 'escalation_policy_reference', summary: `${pascalWords(team)} on-call`, self: `${PAGERDUTY_API}/escalation_policies/${pid('policy', team)}`, html_url: `${site}/escalation_policies/${pid('policy', team)}` });
  const userRef = (team: string) => {
    const name = `${FIRST_NAMES[intBetween(0, FIRST_NAMES.length - 1, ...key('first', team))]} ${LAST_NAMES[intBetween(0, LAST_NAMES.length - 1, ...key('last', team))]}`;
    return { id: pid('user', team), type: 'user_reference', summary: name, self: `${PAGERDUTY_API}/users/${pid('user', team)}`, html_url: `${site}/users/${pid('user', team)}` };
  };

  const paged = world.topology.services.filter((service) => service.kind === 'service' || service.team !== undefined);
  const services = paged
    .map((service) => {
      const team = teamOf(service.name);
      const id = serviceIdOf(service.name);
      const open = world.incidentHistory.filter((incident) => incident.service === service.name && incident.status !== 'resolved' && incident.createdAt <= world.clock.now);
      const last = world.incidentHistory.filter((incident) => incident.service === service.name && incident.createdAt <= world.clock.now).map((incident) => incident.createdAt);
      const isAlerted = service.name === scenario.alert.service || open.length > 0;
      return {
        id,
        type: 'service',
        summary: service.name,
        self: `${PAGERDUTY_API}/services/${id}`,
        html_url: `${site}/service-directory/${id}`,
        name: service.name,
        description: `${pascalWords(service.name)} (${service.kind}${service.language ? `, ${service.language}` : ''}), owned by ${pascalWords(team)}`,
        auto_resolve_timeout: 14_400,
        acknowledgement_timeout: 1_800,
        created_at: seconds(world.clock.start - 400 * 86_400_000 - intBetween(0, 200, ...key('service-created', service.name)) * 86_400_000),
        status: isAlerted ? 'critical' : 'active',
        ...(last.length > 0 || isAlerted ? { last_incident_timestamp: seconds(Math.max(...last, isAlerted ? world.clock.alertAt : -Infinity)) } : {}),
        escalation_policy: policyRef(team),
        teams: [teamRef(team)],
        integrations: [],
        // Fields PagerDuty prints as null (support_hours, response_play) are left out: the spec types them as non-nullable.
        incident_urgency_rule: { type: 'constant', urgency: 'high' },
        scheduled_actions: [],
        alert_creation: 'create_alerts_and_incidents',
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const isCurrent = (incident: PastIncident) => incident.service === scenario.alert.service && Math.abs(incident.createdAt - Date.parse(scenario.alert.triggeredAt)) < 60_000;
  const history = [...world.incidentHistory].filter((incident) => incident.createdAt <= world.clock.now);
  if (!history.some(isCurrent)) {
    history.push({ id: model.incidentId, number: Number(model.incident.incident_number), service: scenario.alert.service, title: scenario.alert.title, urgency: model.incident.urgency === 'low' ? 'low' : 'high', createdAt: Date.parse(scenario.alert.triggeredAt), status: 'triggered', notes: [] });
  }

  const incidents = history.map((record) => {
    const team = teamOf(record.service);
    const current = isCurrent(record);
    const id = current ? model.incidentId : record.id;
    const self = `${PAGERDUTY_API}/incidents/${id}`;
    const html = `${site}/incidents/${id}`;
    const created = seconds(record.createdAt);
    const user = userRef(team);
    const entry = (kind: string, at: number, summary: string, agent: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const entryId = `R${upperAlnum(25, ...key('log-entry', id, kind, at))}`;
      return {
        id: entryId,
        type: `${kind}_log_entry`,
        summary,
        self: `${PAGERDUTY_API}/log_entries/${entryId}`,
        html_url: `${html}/log_entries/${entryId}`,
        created_at: seconds(at),
        // PagerDuty also prints `channel` ({type: 'api'} ...), but the REST spec's Channel is a oneOf
        // no object can satisfy (its variants overlap), so it is left out to stay valid.
        agent,
        service: serviceRef(record.service),
        incident: { id, type: 'incident_reference', summary: `[#${record.number}] ${record.title}`, self, html_url: html },
        teams: [teamRef(team)],
        contexts: [],
        ...extra,
      };
    };
    const integration = { id: pid('integration', 'datadog'), type: 'generic_events_api_inbound_integration_reference', summary: 'Datadog', self: `${PAGERDUTY_API}/services/${serviceIdOf(record.service)}/integrations/${pid('integration', 'datadog')}`, html_url: `${site}/services/${serviceIdOf(record.service)}/integrations/${pid('integration', 'datadog')}` };
    // A log entry's agent is typed more narrowly than an alert's integration in the spec.
    const logEntries: Record<string, unknown>[] = [entry('trigger', record.createdAt, `Triggered through the ${current ? pascalWords(scenario.alert.source) : 'Datadog'} integration`, { ...integration, type: 'integration_reference' }, { event_details: { description: record.title } })];
    logEntries.push(entry('assign', record.createdAt, `Assigned to ${user.summary}.`, serviceRef(record.service), { assignees: [user] }));
    const ackAt = record.createdAt + intBetween(2, 9, ...key('ack', id)) * 60_000;
    // Acknowledgements are not listed: the spec's AcknowledgeLogEntry wants type
    // `acknowledgement_log_entry` while LogEntry allows only `acknowledge_log_entry`, so no
    // acknowledgement entry can validate.
    record.notes.forEach((note, index) => {
      const at = Math.min(record.resolvedAt ?? world.clock.now, ackAt + (index + 1) * 5 * 60_000);
      if (at <= world.clock.now) logEntries.push(entry('annotate', at, `${user.summary} added a note: ${note}`, user));
    });
    if (record.resolvedAt !== undefined && record.resolvedAt <= world.clock.now) logEntries.push(entry('resolve', record.resolvedAt, `Resolved by ${user.summary}.`, user));
    logEntries.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const notes = record.notes.map((content, index) => ({
      id: `P${upperAlnum(13, ...key('note', id, index))}`,
      user,
      content,
      created_at: seconds(Math.min(record.resolvedAt ?? world.clock.now, ackAt + (index + 1) * 5 * 60_000)),
    }));
    if (current) return { record, serviceId: serviceIdOf(record.service), incident: model.incident, alert: model.alert, logEntries, notes };
    const resolved = record.status === 'resolved' && record.resolvedAt !== undefined;
    const alertId = `Q${upperAlnum(13, ...key('alert', id))}`;
    const incidentKey = hexString(32, ...key('incident-key', id));
    const trigger = logEntries[0] as { id: string; self: string; html_url: string };
    const incident = {
      id,
      type: 'incident',
      summary: `[#${record.number}] ${record.title}`,
      self,
      html_url: html,
      incident_number: record.number,
      title: record.title,
      created_at: created,
      updated_at: seconds(record.resolvedAt ?? record.createdAt),
      status: record.status,
      incident_key: incidentKey,
      service: serviceRef(record.service),
      assignments: resolved ? [] : [{ at: created, assignee: user }],
      assigned_via: 'escalation_policy',
      last_status_change_at: seconds(record.resolvedAt ?? record.createdAt),
      ...(resolved ? { resolved_at: seconds(record.resolvedAt as number) } : {}),
      first_trigger_log_entry: { id: trigger.id, type: 'trigger_log_entry_reference', summary: 'Triggered through the Datadog integration', self: trigger.self, html_url: trigger.html_url },
      alert_counts: { all: 1, triggered: resolved ? 0 : 1, resolved: resolved ? 1 : 0 },
      is_mergeable: true,
      incident_type: { name: 'incident_default' },
      escalation_policy: policyRef(team),
      teams: [teamRef(team)],
      pending_actions: [],
      acknowledgements: [],
      last_status_change_by: resolved ? user : serviceRef(record.service),
      incidents_responders: [],
      responder_requests: [],
      urgency: record.urgency,
    };
    const alert = {
      id: alertId,
      type: 'alert',
      summary: record.title,
      self: `${self}/alerts/${alertId}`,
      html_url: `${site}/alerts/${alertId}`,
      created_at: created,
      status: resolved ? 'resolved' : 'triggered',
      alert_key: incidentKey,
      service: serviceRef(record.service),
      first_trigger_log_entry: incident.first_trigger_log_entry,
      incident: { id, type: 'incident_reference', summary: incident.summary, self, html_url: html },
      suppressed: false,
      severity: record.urgency === 'high' ? 'critical' : 'warning',
      integration,
      body: { type: 'alert_body', contexts: [], details: { service: record.service } },
    };
    return { record, serviceId: serviceIdOf(record.service), incident, alert, logEntries, notes };
  });
  incidents.sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.number - b.record.number);
  return { services, serviceIdOf, incidents };
}
