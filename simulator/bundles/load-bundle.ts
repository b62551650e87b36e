// Reads and validates a scenario bundle directory. Only scenario.yaml is required; every other file
// may be missing (a public dataset rarely has Kubernetes state). The first problem found stops the
// load with a BundleError naming the file, the line (CSV, JSONL) and the field.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { TopologySchema, type Topology } from '../world/topology.ts';
import { BundleError } from './bundle-error.ts';
import {
  BUNDLE_FILES,
  BundleScenarioSchema,
  BundleTopologySchema,
  EventLineSchema,
  IncidentsFileSchema,
  K8sSnapshotSchema,
  MonitorsFileSchema,
  SlackFileSchema,
  LogLineSchema,
  METRICS_OPTIONAL_COLUMNS,
  METRICS_REQUIRED_COLUMNS,
  MetricRowSchema,
  SpanLineSchema,
  type BundleScenario,
  type EventLine,
  type IncidentsFile,
  type K8sSnapshot,
  type MonitorsFile,
  type SlackFile,
  type LogLine,
  type MetricRow,
  type SpanLine,
} from './bundle-files.ts';
import { parseCsvLine } from './csv.ts';
import { parseTimestamp } from './parse-timestamp.ts';

export interface LoadedBundle {
  dir: string;
  scenario: BundleScenario;
  /** From topology.yaml, or inferred from the services the other files mention (no dependencies then). */
  topology: Topology;
  topologyYaml: string;
  /** Which files the bundle had. */
  present: string[];
  metrics: MetricRow[];
  logs: LogLine[];
  spans: SpanLine[];
  events: EventLine[];
  k8s: K8sSnapshot | undefined;
  monitors: MonitorsFile['monitors'];
  slack: SlackFile;
  incidents: IncidentsFile['incidents'];
}

function fieldOf(issue: z.core.$ZodIssue | undefined): string {
  return issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
}

function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: fieldOf(issue), message: issue?.message ?? 'invalid' };
}

async function readOptional(dir: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BundleError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
  }
}

function parseYamlFile(file: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    throw new BundleError(file, line, undefined, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleError(file, undefined, undefined, `not valid JSON: ${(error as Error).message}`);
  }
}

function parseWhole<S extends z.ZodType>(file: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw new BundleError(file, undefined, field, message);
  }
  return result.data;
}

/** The line each record came from, for errors found after parsing (an unknown service). */
const LINE_OF = new WeakMap<object, number>();

function parseJsonLines<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S>[] {
  const out: z.output<S>[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new BundleError(file, index + 1, undefined, `not valid JSON: ${(error as Error).message}`);
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const { field, message } = firstIssue(result.error);
      throw new BundleError(file, index + 1, field, message);
    }
    LINE_OF.set(result.data as object, index + 1);
    out.push(result.data);
  });
  return out;
}

function parseMetricsCsv(text: string): MetricRow[] {
  const file = BUNDLE_FILES.metrics;
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const header = parseCsvLine(lines[0] ?? '');
  if ('error' in header) throw new BundleError(file, 1, 'header', header.error);
  const columns = header.map((name) => name.trim());
  const allowed: readonly string[] = [...METRICS_REQUIRED_COLUMNS, ...METRICS_OPTIONAL_COLUMNS];
  for (const required of METRICS_REQUIRED_COLUMNS) {
    if (!columns.includes(required)) throw new BundleError(file, 1, 'header', `missing column "${required}" (header must include ${METRICS_REQUIRED_COLUMNS.join(',')})`);
  }
  for (const column of columns) {
    if (!allowed.includes(column)) throw new BundleError(file, 1, 'header', `unknown column "${column}" (allowed: ${allowed.join(', ')})`);
  }
  const rows: MetricRow[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    const fields = parseCsvLine(line);
    if ('error' in fields) throw new BundleError(file, index + 1, undefined, fields.error);
    if (fields.length !== columns.length) throw new BundleError(file, index + 1, undefined, `has ${fields.length} fields, the header has ${columns.length}`);
    const record: Record<string, string> = {};
    columns.forEach((column, i) => {
      const value = fields[i] as string;
      // Empty optional cells mean "not given" (a service-level row has no pod).
      if (value !== '' || !(METRICS_OPTIONAL_COLUMNS as readonly string[]).includes(column)) record[column] = value;
    });
    // Fast path for the common, valid row (bundles hold 100k+ of them); zod words the errors.
    const fast = fastMetricRow(record);
    if (fast) {
      LINE_OF.set(fast, index + 1);
      rows.push(fast);
      continue;
    }
    const result = MetricRowSchema.safeParse(record);
    if (!result.success) {
      const { field, message } = firstIssue(result.error);
      throw new BundleError(file, index + 1, field, message);
    }
    LINE_OF.set(result.data, index + 1);
    rows.push(result.data);
  }
  return rows;
}

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The row MetricRowSchema would produce, or undefined when any field needs its verdict. */
function fastMetricRow(record: Record<string, string>): MetricRow | undefined {
  const { timestamp, service, metric, value, pod, unit, version } = record;
  if (timestamp === undefined || !service || metric === undefined || value === undefined) return undefined;
  const ms = parseTimestamp(timestamp);
  if (ms === undefined || !METRIC_NAME.test(metric) || !NUMBER.test(value)) return undefined;
  return { timestamp: ms, service, metric, value: Number(value), ...(pod !== undefined ? { pod } : {}), ...(unit !== undefined ? { unit } : {}), ...(version !== undefined ? { version } : {}) };
}

function inferTopology(scenario: BundleScenario, services: Iterable<string>): Topology {
  const names = [...new Set([scenario.alert.service, ...services])];
  return { name: scenario.id, services: names.map((name) => ({ name, kind: 'service' as const, dependsOn: [] })) };
}

/** Loads and validates a bundle directory; throws BundleError on the first problem. */
export async function loadBundle(dir: string): Promise<LoadedBundle> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new BundleError(dir, undefined, undefined, 'not a directory');
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError(dir, undefined, undefined, 'bundle directory not found');
  }
  const present: string[] = [];
  const read = async (file: string) => {
    const text = await readOptional(dir, file);
    if (text !== undefined) present.push(file);
    return text;
  };

  const scenarioText = await read(BUNDLE_FILES.scenario);
  if (scenarioText === undefined) throw new BundleError(BUNDLE_FILES.scenario, undefined, undefined, `missing in ${dir} (the one file every bundle needs)`);
  const scenario = parseWhole(BUNDLE_FILES.scenario, BundleScenarioSchema, parseYamlFile(BUNDLE_FILES.scenario, scenarioText));

  const topologyText = await read(BUNDLE_FILES.topology);
  const metricsText = await read(BUNDLE_FILES.metrics);
  const logsText = await read(BUNDLE_FILES.logs);
  const spansText = await read(BUNDLE_FILES.spans);
  const eventsText = await read(BUNDLE_FILES.events);
  const k8sText = await read(BUNDLE_FILES.k8s);

  const metrics = metricsText === undefined ? [] : parseMetricsCsv(metricsText);
  const logs = logsText === undefined ? [] : parseJsonLines(BUNDLE_FILES.logs, logsText, LogLineSchema);
  const spans = spansText === undefined ? [] : parseJsonLines(BUNDLE_FILES.spans, spansText, SpanLineSchema);
  const events = eventsText === undefined ? [] : parseJsonLines(BUNDLE_FILES.events, eventsText, EventLineSchema);
  const k8s = k8sText === undefined ? undefined : parseWhole(BUNDLE_FILES.k8s, K8sSnapshotSchema, parseJsonFile(BUNDLE_FILES.k8s, k8sText));
  const monitorsText = await read(BUNDLE_FILES.monitors);
  const slackText = await read(BUNDLE_FILES.slack);
  const incidentsText = await read(BUNDLE_FILES.incidents);
  const monitors = monitorsText === undefined ? [] : parseWhole(BUNDLE_FILES.monitors, MonitorsFileSchema, parseJsonFile(BUNDLE_FILES.monitors, monitorsText)).monitors;
  const slack = slackText === undefined ? { users: [], messages: [] } : parseWhole(BUNDLE_FILES.slack, SlackFileSchema, parseJsonFile(BUNDLE_FILES.slack, slackText));
  const incidents = incidentsText === undefined ? [] : parseWhole(BUNDLE_FILES.incidents, IncidentsFileSchema, parseJsonFile(BUNDLE_FILES.incidents, incidentsText)).incidents;
  slack.messages.forEach((message, index) => {
    if (message.threadOfIndex !== undefined && message.threadOfIndex >= index) {
      throw new BundleError(BUNDLE_FILES.slack, undefined, `messages.${index}.threadOfIndex`, 'must point at an earlier message');
    }
  });

  let topology: Topology;
  let topologyYaml: string;
  if (topologyText !== undefined) {
    const raw = parseWhole(BUNDLE_FILES.topology, BundleTopologySchema, parseYamlFile(BUNDLE_FILES.topology, topologyText));
    topology = parseWhole(BUNDLE_FILES.topology, TopologySchema, { ...raw, name: raw.name ?? scenario.id });
    topologyYaml = topologyText;
  } else {
    topology = inferTopology(scenario, [...metrics, ...logs, ...spans, ...events, ...(k8s?.pods ?? [])].map((record) => record.service));
    topologyYaml = `# inferred from the services the bundle's telemetry mentions\nname: ${topology.name}\nservices:\n${topology.services.map((service) => `  - name: ${service.name}\n    kind: service\n    dependsOn: []\n`).join('')}`;
  }

  const known = new Set(topology.services.map((service) => service.name));
  const mustKnow = (file: string, line: number | undefined, field: string, service: string) => {
    if (!known.has(service)) throw new BundleError(file, line, field, `unknown service ${JSON.stringify(service)} (not in ${BUNDLE_FILES.topology})`);
  };
  mustKnow(BUNDLE_FILES.scenario, undefined, 'alert.service', scenario.alert.service);
  if (topologyText !== undefined) {
    for (const [file, records] of [
      [BUNDLE_FILES.metrics, metrics],
      [BUNDLE_FILES.logs, logs],
      [BUNDLE_FILES.spans, spans],
      [BUNDLE_FILES.events, events],
    ] as const) {
      for (const record of records) mustKnow(file, LINE_OF.get(record), 'service', record.service);
    }
    k8s?.pods.forEach((pod, index) => mustKnow(BUNDLE_FILES.k8s, undefined, `pods.${index}.service`, pod.service));
    incidents.forEach((incident, index) => mustKnow(BUNDLE_FILES.incidents, undefined, `incidents.${index}.service`, incident.service));
  }
  return { dir, scenario, topology, topologyYaml, present, metrics, logs, spans, events, k8s, monitors, slack, incidents };
}
