// The alert class is the key guidance and skills hang on, so it must be derived the same way every
// time: from the normalised title template, never from free-form text a model wrote.
import type { Alert } from './types.ts';

export const ALERT_CLASSES = ['slo-burn-rate', 'high-latency', 'error-rate', 'pod-restarts', 'saturation', 'availability', 'other'] as const;
export type AlertClass = (typeof ALERT_CLASSES)[number];

const RULES: { alertClass: AlertClass; pattern: RegExp }[] = [
  { alertClass: 'slo-burn-rate', pattern: /\bburn[ -]?rate\b|\berror budget\b|\bslo\b/ },
  { alertClass: 'pod-restarts', pattern: /\brestart|crash ?loop|oom|killed\b/ },
  { alertClass: 'high-latency', pattern: /\blatency\b|\bslow\b|\bp(50|90|95|99)\b|\bresponse time\b|\bduration\b/ },
  { alertClass: 'error-rate', pattern: /\berrors?\b|\b5xx\b|\bfailures?\b|\bexceptions?\b/ },
  { alertClass: 'saturation', pattern: /\bcpu\b|\bmemory\b|\bdisk\b|\bsaturat|\bthrottl|\bqueue depth\b|\blag\b/ },
  { alertClass: 'availability', pattern: /\bdown\b|\bunavailable\b|\bhealth ?check\b|\bunreachable\b/ },
];

/** Replaces the service name, numbers and quoted values so that alerts of one kind share a template. */
export function titleTemplate(alert: Pick<Alert, 'title' | 'service'>): string {
  const escaped = alert.service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return alert.title
    .toLowerCase()
    .replace(new RegExp(escaped.toLowerCase(), 'g'), '{service}')
    .replace(/"[^"]*"|'[^']*'/g, '{value}')
    .replace(/\d+(\.\d+)?\s*(%|ms|s|m|h)?/g, '{n}')
    .replace(/\s+/g, ' ')
    .trim();
}

export function deriveAlertClass(alert: Pick<Alert, 'title' | 'service'>): AlertClass {
  const template = titleTemplate(alert);
  return RULES.find((rule) => rule.pattern.test(template))?.alertClass ?? 'other';
}
