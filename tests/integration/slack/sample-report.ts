// A realistic report for the Slack and store tests: a bad deploy of inventory-service seen from the
// storefront-web alert, with a red-herring second finding.
import type { Report } from '../../../services/agent/types.ts';

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    investigationId: 'investigate-Q1QKZKKZ7ZTJ1V',
    alert: {
      incidentId: 'Q1QKZKKZ7ZTJ1V',
      title: 'High error rate on storefront-web',
      service: 'storefront-web',
      severity: 'critical',
      triggeredAt: '2026-11-20T13:30:00Z',
      source: 'pagerduty',
    },
    outcome: 'found',
    summary: 'inventory-service 2.14.0, deployed at 13:20, fails 35% of reservations with KeyError: \'warehouse_id\'; checkout-api and cart-service pass the errors up to storefront-web.',
    findings: [
      {
        rank: 1,
        service: 'inventory-service',
        faultType: 'bad_deploy',
        confidence: 0.86,
        summary: 'Errors began 40 s after inventory-service rolled out 2.14.0',
        evidence: [
          {
            kind: 'event',
            service: 'inventory-service',
            summary: 'Deployment inventory-service scaled up replica set inventory-service-7f9c6d8b5 (image 2.14.0, previously 2.13.4)',
            query: 'kubectl -n prod get events --field-selector involvedObject.name=inventory-service',
            lines: ['Scaled up replica set inventory-service-7f9c6d8b5 to 3'],
            at: '2026-11-20T13:20:00Z',
          },
          {
            kind: 'logs',
            service: 'inventory-service',
            summary: '412 ERROR lines since 13:20, all KeyError: \'warehouse_id\'',
            query: 'service:inventory-service status:error',
            lines: [
              'Traceback (most recent call last):',
              '  File "/app/inventory/reservations.py", line 88, in reserve',
              "KeyError: 'warehouse_id'",
            ],
          },
          {
            kind: 'metric',
            service: 'inventory-service',
            summary: 'error rate 0.2% -> 35% at 13:20',
            query: 'sum:trace.http.request.errors{service:inventory-service}.as_count()',
          },
        ],
        nextStep: 'Roll inventory-service back to 2.13.4 and check the warehouse_id handling added in 2.14.0.',
      },
      {
        rank: 2,
        service: 'payments-service',
        faultType: 'bad_deploy',
        confidence: 0.08,
        summary: 'payments-service deployed at 12:14, but its error rate did not change',
        evidence: [
          { kind: 'event', service: 'payments-service', summary: 'Deployment payments-service rolled out 3.2.1 at 12:14' },
        ],
        nextStep: 'None needed unless the first finding is ruled out.',
      },
    ],
    checked: [
      'get_service_errors storefront-web 12:30-13:35',
      'get_service_errors checkout-api 12:30-13:35',
      'search_logs inventory-service status:error',
      'list_k8s_events inventory-service',
    ],
    steps: 6,
    toolCalls: 14,
    tokens: 0,
    guidanceApplied: [],
    ...overrides,
  };
}
