/**
 * Checks a tool call's raw argument text against its schema before anything runs. The schemas are
 * ours (flat objects of strings, integers, booleans and string arrays), so this checks exactly that
 * subset of JSON Schema: `type`, `properties`, `required`, `additionalProperties: false`, `minimum`,
 * `maxLength`, `minItems`, `maxItems`, `items`. A schema using anything else fails its unit test.
 */
export interface ArgSchema {
  type: 'object';
  properties: Record<string, PropSchema>;
  required: string[];
  additionalProperties: false;
}

export type PropSchema =
  | { type: 'string'; description: string; maxLength?: number; minLength?: number }
  | { type: 'integer'; description: string; minimum?: number }
  | { type: 'boolean'; description: string }
  | {
      type: 'array';
      description: string;
      items: { type: 'string'; maxLength?: number };
      minItems?: number;
      maxItems?: number;
    };

export type ArgsResult = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

const MAX_ARGUMENT_TEXT = 4_000_000;

/** Parses and checks; the error names the first problem in words the model can act on. */
export function checkArgs(raw: string, schema: ArgSchema): ArgsResult {
  if (raw.length > MAX_ARGUMENT_TEXT) return { ok: false, error: `the arguments are over ${MAX_ARGUMENT_TEXT} chars` };
  if (raw.trim() === '') {
    if (schema.required.length === 0) return { ok: true, args: {} };
    return { ok: false, error: `the arguments are empty; required: ${schema.required.join(', ')}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'the arguments are not valid JSON (cut off?); send one complete JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'the arguments must be a JSON object' };
  const args = value as Record<string, unknown>;
  for (const name of schema.required)
    if (args[name] === undefined || args[name] === null) return { ok: false, error: `"${name}" is required` };
  for (const [name, v] of Object.entries(args)) {
    const prop = schema.properties[name];
    if (!prop)
      return { ok: false, error: `unknown argument "${name}"; allowed: ${Object.keys(schema.properties).join(', ')}` };
    if (v === null && !schema.required.includes(name)) continue;
    const problem = checkProp(v, prop);
    if (problem) return { ok: false, error: `"${name}" ${problem}` };
  }
  const clean: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(args)) if (v !== null) clean[name] = v;
  return { ok: true, args: clean };
}

function checkProp(v: unknown, prop: PropSchema): string | undefined {
  switch (prop.type) {
    case 'string':
      if (typeof v !== 'string') return 'must be a string';
      if (prop.maxLength !== undefined && v.length > prop.maxLength) return `is longer than ${prop.maxLength} chars`;
      if (prop.minLength !== undefined && v.length < prop.minLength)
        return `must have at least ${prop.minLength} chars`;
      return undefined;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return 'must be a whole number';
      if (prop.minimum !== undefined && v < prop.minimum) return `must be at least ${prop.minimum}`;
      return undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'array':
      if (!Array.isArray(v)) return 'must be an array of strings';
      if (prop.minItems !== undefined && v.length < prop.minItems) return `needs at least ${prop.minItems} item(s)`;
      if (prop.maxItems !== undefined && v.length > prop.maxItems) return `has more than ${prop.maxItems} items`;
      for (const item of v) {
        if (typeof item !== 'string') return 'must hold only strings';
        if (prop.items.maxLength !== undefined && item.length > prop.items.maxLength)
          return `has an item longer than ${prop.items.maxLength} chars`;
      }
      return undefined;
  }
}
