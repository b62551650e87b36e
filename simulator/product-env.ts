// The environment that points Ariadne at a running simulator: every vendor base URL and credential,
// as an operator would set them for real services. One place, used by the demo, the tests and the
// eval runner, so none of them hand-copies a list of URLs.
import { parse } from 'yaml';
import { DEFAULT_CREDENTIALS, type RunningSimulator } from './index.ts';

export function productEnvFor(sim: Pick<RunningSimulator, 'urls' | 'topologyYaml'>, slack: { botToken: string }): Record<string, string> {
  const alertChannel = (parse(sim.topologyYaml) as { alertChannel?: unknown }).alertChannel;
  return {
    DD_API_KEY: DEFAULT_CREDENTIALS.datadogApiKey,
    DD_APP_KEY: DEFAULT_CREDENTIALS.datadogAppKey,
    DD_SITE_URL: sim.urls.datadog,
    KUBERNETES_SERVER: sim.urls.kubernetes,
    KUBERNETES_TOKEN: DEFAULT_CREDENTIALS.kubernetesToken,
    OPENSEARCH_URL: sim.urls.opensearch,
    OPENSEARCH_USERNAME: DEFAULT_CREDENTIALS.opensearchUsername,
    OPENSEARCH_PASSWORD: DEFAULT_CREDENTIALS.opensearchPassword,
    PAGERDUTY_API_URL: sim.urls.pagerduty,
    PAGERDUTY_TOKEN: DEFAULT_CREDENTIALS.pagerdutyToken,
    SLACK_API_URL: `${sim.urls.slack}/api/`,
    SLACK_BOT_TOKEN: slack.botToken,
    ...(typeof alertChannel === 'string' ? { SLACK_ALERT_CHANNEL: alertChannel } : {}),
  };
}
