// A service is named the way the service catalog names it. The character set is restricted because
// the name is spliced into vendor query languages (Datadog tags, Kubernetes label selectors).
import { z } from 'zod';

export const ServiceNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'service is required, e.g. "checkout-api"' : 'service must be a string') })
  .min(1, 'service must not be empty')
  .max(100, 'service must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'service must be a service name such as checkout-api (letters, digits, ".", "_", "-")')
  .describe('service name as in the service catalog, e.g. checkout-api');
