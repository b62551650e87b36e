// Groups trace spans into the tasks an investigator performs (query metrics, search logs, inspect
// pods...). Tools are grouped by what they look at, so a new tool lands in the task it serves; a
// tool no rule knows becomes a task of its own, named after it, rather than vanishing into "other".
import type { Span } from '../runner/trace.ts';

export const TASK_RULES: { task: string; pattern: RegExp }[] = [
  { task: 'plan next step', pattern: /^plan$/ },
  { task: 'query metrics', pattern: /metric|monitor/ },
  { task: 'search logs', pattern: /log(?!_entries)|log_volume/ },
  { task: 'search traces', pattern: /trace|span/ },
  { task: 'inspect pods', pattern: /pod/ },
  { task: 'read changes & rollouts', pattern: /event|rollout|change|deploy/ },
  { task: 'read incident history', pattern: /incident|pagerduty/ },
  { task: 'read the alert channel', pattern: /slack|channel|message/ },
  { task: 'walk the graph', pattern: /graph|neighbour|dependenc|path|blast/ },
];

export function taskOf(span: Pick<Span, 'name'>): string {
  return TASK_RULES.find((rule) => rule.pattern.test(span.name))?.task ?? span.name.split('/').pop()!.replaceAll('_', ' ');
}
