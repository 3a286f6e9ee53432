import type { SchemaError } from './schema';
import { closestMatch } from '../text/did-you-mean';

type Path = Array<string | number>;
interface SchemaNode {
  properties?: Record<string, { description?: string }>;
  description?: string;
  'x-message'?: string;
}

/** One sentence a person can act on, for one ajv error. */
export function describeSchemaError(error: SchemaError, path: Path): { message: string; help?: string } {
  const where = displayPath(path);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const guess = closestMatch(key, allowed);
      const suffix = guess ? ` (did you mean '${guess}'?)` : '';
      return {
        message: `Unknown key '${key}' ${path.length ? `in '${where}'` : 'at the top level'}${suffix}.`,
        help: allowed.length ? `Allowed keys: ${allowed.join(', ')}.` : undefined,
      };
    }
    case 'required':
      return { message: `'${where || 'the configuration'}' is missing the required key '${error.params.missingProperty}'.` };
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const guess = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
      return {
        message: `'${where}' must be one of ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}; it is ${show(error.data)}.`,
      };
    }
    case 'type':
      return {
        message: `'${where || 'the configuration'}' must be ${article(String(error.params.type))}; it is ${show(error.data)}.`,
        help: parent.description,
      };
    case 'const':
      return { message: `'${where}' must be ${show(error.params.allowedValue)}; it is ${show(error.data)}.` };
    case 'oneOf':
      return { message: `'${where}': ${parent['x-message'] ?? 'must match exactly one of the allowed forms'}.` };
    default:
      return { message: `'${where}' ${error.message ?? 'is invalid'}.`, help: parent.description };
  }
}

function displayPath(path: Path): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
}

function article(type: string): string {
  const noun = type === 'array' ? 'list' : type === 'object' ? 'mapping' : type;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
