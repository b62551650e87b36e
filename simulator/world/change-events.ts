// What the events API serves: deploy markers for every rollout (including stalled ones), the config
// pushes, flag flips and scale-ups a fault starts with, and the scenario's innocent background changes.
import type { Cluster } from './cluster.ts';
import type { Scenario } from './scenario.ts';
import { hexString } from './seeded-hash.ts';
import type { ChangeEvent } from './world-contract.ts';

export function buildChangeEvents(scenario: Scenario, cluster: Cluster, seed: number, from: number, until: number): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const rollout of cluster.rollouts) {
    const { deploy } = rollout;
    events.push({
      at: Date.parse(deploy.at),
      service: rollout.service,
      kind: 'deploy',
      title: `Deployed ${rollout.service} ${deploy.version}`,
      text: `argocd: sync of ${rollout.service} to ${deploy.version} (was ${deploy.previousVersion}), revision ${hexString(7, seed, rollout.service, deploy.version, 'sha')}${rollout.stalled ? '; health: Progressing' : '; health: Healthy'}`,
      tags: [`service:${rollout.service}`, `version:${deploy.version}`, 'env:prod', 'source:argocd'],
      source: 'argocd',
    });
  }
  for (const fault of scenario.faults) {
    const at = Date.parse(fault.start);
    if (fault.type === 'config_error') {
      const key = fault.detail ?? 'upstream.timeout_ms';
      events.push({ at: at - 20_000, service: fault.service, kind: 'config', title: `Config change applied to ${fault.service}`, text: `ConfigMap prod/${fault.service}-config updated: ${key} changed`, tags: [`service:${fault.service}`, 'env:prod', 'source:kubernetes'], source: 'kubernetes' });
    }
    if (fault.type === 'feature_flag') {
      const flag = fault.detail ?? `${fault.service}-new-path`;
      events.push({ at: at - 15_000, service: fault.service, kind: 'feature_flag', title: `Flag ${flag} turned on in production`, text: `${flag}: targeting changed from off to on for 100% of traffic`, tags: [`service:${fault.service}`, `flag:${flag}`, 'env:prod', 'source:launchdarkly'], source: 'launchdarkly' });
    }
  }
  for (const scaleUp of cluster.scaleUps) {
    events.push({ at: scaleUp.at, service: scaleUp.service, kind: 'scale', title: `HorizontalPodAutoscaler scaled ${scaleUp.service} from ${scaleUp.from} to ${scaleUp.to}`, text: `New size: ${scaleUp.to}; reason: cpu resource utilization (percentage of request) above target`, tags: [`service:${scaleUp.service}`, 'env:prod', 'source:kubernetes'], source: 'kubernetes' });
  }
  for (const change of scenario.changes) {
    const source = change.source ?? { config: 'kubernetes', feature_flag: 'launchdarkly', scale: 'kubernetes', infra: 'terraform' }[change.kind];
    events.push({ at: Date.parse(change.at), service: change.service, kind: change.kind, title: change.title, text: change.text, tags: [`service:${change.service}`, 'env:prod', `source:${source}`], source });
  }
  return events.filter((event) => event.at >= from - 86_400_000 && event.at <= until).sort((a, b) => a.at - b.at || a.title.localeCompare(b.title));
}
