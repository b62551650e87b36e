// The model's side of an inventory-bad-deploy investigation, hand-written in the shape of real
// Messages API responses (no API key exists here): look at the alerting service, then at
// inventory-service's Kubernetes events, then submit a bad_deploy finding. The scripted-planner test
// drives it directly; the cassette tests record it as if it were the real API.
import { SUBMIT_TOOL } from '../../services/agent/planners/claude.ts';
import type { ScriptedTurn } from './fake-anthropic.ts';

const WINDOW = { from: '2026-11-20T12:30:00.000Z', to: '2026-11-20T13:35:00.000Z' };
const use = (id: string, name: string, input: Record<string, unknown>) => ({ type: 'tool_use', id, name, input });

export const SCRIPT: ScriptedTurn[] = [
  {
    stop_reason: 'tool_use',
    usage: { input_tokens: 2_000, output_tokens: 120, cache_creation_input_tokens: 1_500 },
    content: [
      { type: 'text', text: 'Start with the alerting service.' },
      use('toolu_01', 'datadog__query_service_metrics', { service: 'storefront-web', window: WINDOW }),
      use('toolu_02', 'datadog__search_service_logs', { service: 'storefront-web', window: WINDOW }),
    ],
  },
  {
    stop_reason: 'tool_use',
    usage: { input_tokens: 800, output_tokens: 90, cache_read_input_tokens: 1_500 },
    content: [use('toolu_03', 'kubernetes__list_service_events', { service: 'inventory-service', window: WINDOW })],
  },
  {
    stop_reason: 'tool_use',
    usage: { input_tokens: 700, output_tokens: 200, cache_read_input_tokens: 1_500 },
    content: [
      use('toolu_04', SUBMIT_TOOL, {
        summary: 'inventory-service 2.14.0 rolled out minutes before the errors began',
        findings: [
          {
            service: 'inventory-service',
            faultType: 'bad_deploy',
            confidence: 0.8,
            summary: '2.14.0 rollout at 13:20, errors from 13:21',
            evidence: [{ kind: 'event', service: 'inventory-service', summary: 'rollout of 2.14.0 at 13:20' }],
            nextStep: 'Roll back inventory-service to 2.13.4.',
          },
        ],
      }),
    ],
  },
];
