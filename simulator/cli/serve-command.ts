// `ariadne simulator serve ID | --bundle DIR`: start the vendor API fakes for one scenario (or a
// recorded bundle), print their URLs, the alert and the settings that point Ariadne at them, and
// keep serving until Ctrl-C. `--viewer` also serves the fake-Slack web viewer.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadBundle } from '../bundles/load-bundle.ts';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../index.ts';
import { startViewer } from '../viewer/start-viewer.ts';
import { CliError } from './cli-error.ts';
import { libraryWorld } from './export-command.ts';
import { integerOption } from './options.ts';

interface ServeOptions {
  bundle?: string;
  seed: number;
  variant: number;
  portBase?: number;
  viewer?: boolean;
  viewerPort: number;
  appUrl: string;
  webhookSecret: string;
  slackBotToken: string;
  slackSigningSecret: string;
}

export function registerServeCommand(simulator: Command): void {
  simulator
    .command('serve')
    .description('Serve a scenario\'s Datadog, Kubernetes, PagerDuty and Slack APIs on 127.0.0.1 until Ctrl-C')
    .argument('[id]', 'scenario id (see `ariadne simulator list`); or use --bundle')
    .option('--bundle <dir>', 'serve a scenario bundle directory instead of a library scenario')
    .option('--seed <n>', 'seed for every generated detail', integerOption('--seed', 0), 1)
    .option('--variant <n>', 'terminology variant (0 is the plain rendering)', integerOption('--variant', 0), 0)
    .option('--port-base <port>', 'listen on consecutive ports from this one (datadog, kubernetes, pagerduty, slack, opensearch) instead of free ones', integerOption('--port-base', 1024, 65_530))
    .option('--viewer', 'also serve the fake-Slack web viewer')
    .option('--viewer-port <port>', 'port of the viewer (0: any free port)', integerOption('--viewer-port', 0, 65_535), 0)
    .option('--app-url <url>', 'where button clicks in the viewer are sent (Ariadne\'s Slack request URL)', 'http://127.0.0.1:3000/slack/events')
    .option('--webhook-secret <secret>', 'PagerDuty webhook signing secret', process.env.PAGERDUTY_WEBHOOK_SECRET ?? 'local-webhook-secret')
    .option('--slack-bot-token <token>', 'bot token the Slack fake accepts', process.env.SLACK_BOT_TOKEN ?? 'xoxb-local-0000000000-000000000000')
    .option('--slack-signing-secret <secret>', 'secret the Slack fake signs interactions with', process.env.SLACK_SIGNING_SECRET ?? 'local-signing-secret')
    .action(async (id: string | undefined, options: ServeOptions) => {
      if (id !== undefined && options.bundle !== undefined) throw new CliError('give either ID or --bundle DIR, not both');
      if (id === undefined && options.bundle === undefined) throw new CliError('ID: missing (or use --bundle DIR)');
      let appUrl: URL;
      try {
        appUrl = new URL(options.appUrl);
      } catch {
        throw new CliError(`--app-url: not a URL: ${JSON.stringify(options.appUrl)}`);
      }

      const start: StartSimulatorOptions = {
        seed: options.seed,
        variant: options.variant,
        pagerdutyWebhookSecret: options.webhookSecret,
        slack: { botToken: options.slackBotToken, signingSecret: options.slackSigningSecret },
        ...(options.portBase !== undefined ? { portBase: options.portBase } : {}),
      };
      if (options.bundle !== undefined) {
        // Validate first: a bad bundle is reported with file, line and field, and nothing starts.
        start.bundle = (await loadBundle(resolve(options.bundle))).dir;
      } else {
        // The same check names a bad ID as the CLI's error rather than a stack trace.
        libraryWorld(id as string, options.seed, options.variant);
        start.scenario = id as string;
      }

      const running = await startSimulator(start);
      const closers: (() => Promise<void>)[] = [() => running.close()];
      const stop = async () => {
        for (let close = closers.pop(); close; close = closers.pop()) await close();
      };
      // Listen for Ctrl-C before printing the URLs: whoever reads them may stop us right away.
      const stopped = new Promise<void>((done) => {
        const finish = () => void stop().then(done, done);
        process.once('SIGINT', finish);
        process.once('SIGTERM', finish);
      });
      try {
        let viewerUrl: string | undefined;
        if (options.viewer) {
          const viewer = await startViewer({ slack: running.slack, appUrl: appUrl.href, port: options.viewerPort, slackApi: { url: `${running.urls.slack}/api/`, botToken: options.slackBotToken } });
          closers.push(() => viewer.close());
          viewerUrl = viewer.url;
        }
        process.stdout.write(describe(running, options, viewerUrl));
      } catch (error) {
        await stop();
        throw error;
      }
      await stopped;
      process.stdout.write('stopped\n');
    });
}

function describe(running: RunningSimulator, options: ServeOptions, viewerUrl: string | undefined): string {
  const { scenario, urls } = running;
  const lines = [
    `scenario    ${scenario.id}${options.bundle ? ` (bundle ${resolve(options.bundle)})` : ` (seed ${options.seed}${options.variant ? `, variant ${options.variant}` : ''})`}`,
    `            ${scenario.title}`,
    `alert       [${scenario.alert.severity}] ${scenario.alert.title} (service ${scenario.alert.service}, ${scenario.alert.triggeredAt})`,
    '',
    `datadog     ${urls.datadog}`,
    `kubernetes  ${urls.kubernetes}`,
    `pagerduty   ${urls.pagerduty}`,
    `slack       ${urls.slack}/api/`,
    `opensearch  ${urls.opensearch}  (basic auth ${DEFAULT_CREDENTIALS.opensearchUsername})`,
    ...(viewerUrl ? [`viewer      ${viewerUrl}  (buttons post to ${options.appUrl})`] : []),
    '',
    'Point Ariadne at it with:',
    `  DD_SITE_URL=${urls.datadog} DD_API_KEY=${DEFAULT_CREDENTIALS.datadogApiKey} DD_APP_KEY=${DEFAULT_CREDENTIALS.datadogAppKey}`,
    `  KUBERNETES_SERVER=${urls.kubernetes} KUBERNETES_TOKEN=${DEFAULT_CREDENTIALS.kubernetesToken}`,
    `  SLACK_API_URL=${urls.slack}/api/ SLACK_BOT_TOKEN=${options.slackBotToken} SLACK_SIGNING_SECRET=${options.slackSigningSecret}`,
    `  PAGERDUTY_WEBHOOK_SECRETS=${options.webhookSecret}`,
    '',
    'Serving until Ctrl-C.',
  ];
  return `${lines.join('\n')}\n`;
}
