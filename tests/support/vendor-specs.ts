// Access to the official vendor API specs (DESIGN.md "Vendor spec conformance"). The specs live
// outside the repo, in VENDOR_SPECS (default ../shared/vendor-specs, relative to the repo root).
// When the folder is missing, conformance tests print one clear line and pass on a developer
// machine, but fail under CI=true, so CI can never silently skip them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function vendorSpecsDir(): string {
  const configured = process.env.VENDOR_SPECS ?? '../shared/vendor-specs';
  return isAbsolute(configured) ? configured : resolve(REPO_ROOT, configured);
}

let announced = false;

/**
 * True when the specs are present. When they are missing: throws under CI (the suite must run
 * there), otherwise prints one line explaining that the conformance checks were not run and returns
 * false so the caller can return early.
 */
export function vendorSpecsAvailable(): boolean {
  const dir = vendorSpecsDir();
  if (existsSync(dir)) return true;
  const reason = `vendor spec conformance checks not run: ${dir} is missing (set VENDOR_SPECS to the vendor-specs folder)`;
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0') {
    throw new Error(`${reason}; CI requires them`);
  }
  if (!announced) {
    announced = true;
    console.warn(reason);
  }
  return false;
}

const documents = new Map<string, unknown>();

/** Reads a spec document (JSON or YAML) by its path inside the vendor-specs folder. */
export function readSpec(relativePath: string): unknown {
  const cached = documents.get(relativePath);
  if (cached !== undefined) return cached;
  const text = readFileSync(resolve(vendorSpecsDir(), relativePath), 'utf8');
  const parsed: unknown = relativePath.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { schema: 'core' });
  documents.set(relativePath, parsed);
  return parsed;
}

/**
 * OpenAPI 3.0 schema objects are almost JSON Schema: `nullable: true` is their way to admit null.
 * Rewrite it into JSON Schema so a standard validator understands it.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' && typeof value === 'boolean') continue;
    out[key] = toJsonSchema(value);
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const OPENAPI_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'url', 'int-or-string', 'quantity'];

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(specPath: string, pointer: string): ValidateFunction {
  const key = `${specPath}${pointer}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    const addFormats = addFormatsModule as unknown as (instance: Ajv) => void;
    addFormats(ajv);
    for (const format of OPENAPI_FORMATS) ajv.addFormat(format, true);
  }
  const id = `spec:${specPath}`;
  if (!ajv.getSchema(id)) ajv.addSchema(toJsonSchema(readSpec(specPath)) as object, id);
  const validate = ajv.compile({ $ref: `${id}${pointer}` });
  compiled.set(key, validate);
  return validate;
}

export interface SpecCheck {
  valid: boolean;
  /** One line per violation: `<instance path> <message>`. */
  errors: string[];
}

/**
 * Validates data against a schema in a spec document, e.g.
 * `checkAgainstSpec('datadog/v1/openapi.yaml', '#/components/schemas/MetricsQueryResponse', body)`.
 */
export function checkAgainstSpec(specPath: string, pointer: string, data: unknown): SpecCheck {
  const validate = validatorFor(specPath, pointer);
  const valid = validate(data) as boolean;
  return {
    valid,
    errors: (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`),
  };
}

/**
 * A JSON pointer to the body schema of one response of an operation, following a `$ref` to a shared
 * response (`#/components/responses/NotFound`) when the spec uses one.
 */
export function responsePointer(specPath: string, path: string, method: string, status = '200', mediaType = 'application/json'): string {
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
  const spec = readSpec(specPath) as { paths?: Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>> };
  const response = spec.paths?.[path]?.[method]?.responses?.[status];
  if (!response) throw new Error(`${specPath}: no ${status} response for ${method.toUpperCase()} ${path}`);
  const base = response.$ref ?? `#/paths/${escape(path)}/${method}/responses/${status}`;
  return `${base}/content/${escape(mediaType)}/schema`;
}
