import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';

/**
 * Preflight's own files under `.git/preflight` (the mirror's state, the hook's last report).
 * Written atomically (a temporary file renamed over the old one), so a reader never sees half a
 * file; read through a schema, so that a corrupt, truncated or wrongly typed file, or a folder
 * where a file should be, is ignored with a one-line warning and rebuilt, never a crash.
 */

export type StateRead<T> = { value: T } | { warning: string } | undefined;

const MAX_STATE_BYTES = 16 * 1024 * 1024;

/** Reads `dir/name`: undefined when absent, a warning when it is not what `schema` describes. */
export async function readStateFile<T>(dir: string, name: string, schema: object): Promise<StateRead<T>> {
  const path = join(dir, name);
  const info = await lstat(path).catch(() => undefined);
  if (!info) return undefined;
  const ignored = (why: string) => ({ warning: `ignored ${path} (${why}); it will be rebuilt.` });
  if (!info.isFile()) return ignored('not a file');
  if (info.size > MAX_STATE_BYTES) return ignored(`larger than ${MAX_STATE_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return ignored('not valid JSON');
  }
  const validate = await validatorFor(schema);
  if (!validate(data)) return ignored(`not in the expected shape: ${describe(validate)}`);
  return { value: data as T };
}

/** Writes `dir/name` atomically, replacing whatever blocks the way (a file where the folder should be, a folder where the file should be). */
export async function writeStateFile(dir: string, name: string, value: unknown): Promise<void> {
  const folder = await lstat(dir).catch(() => undefined);
  if (folder && !folder.isDirectory()) await rm(dir, { force: true });
  await mkdir(dir, { recursive: true });
  const target = join(dir, name);
  if ((await lstat(target).catch(() => undefined))?.isDirectory()) await rm(target, { recursive: true, force: true });
  const temporary = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, JSON.stringify(value, null, 2));
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}

const validators = new WeakMap<object, ValidateFunction>();

async function validatorFor(schema: object): Promise<ValidateFunction> {
  let validate = validators.get(schema);
  if (!validate) {
    // Loaded when a state file is first read: most CLI runs read none (the bundles keep ajv in a file of its own).
    const { default: Ajv } = await import('ajv');
    validate = new Ajv({ allErrors: false, strict: false }).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

function describe(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  return error ? `${error.instancePath || '/'} ${error.message ?? 'is wrong'}` : 'unknown problem';
}

/** Checks a value against a schema, for data that came from the network before it enters a contract. */
export async function schemaProblem(value: unknown, schema: object): Promise<string | undefined> {
  const validate = await validatorFor(schema);
  return validate(value) ? undefined : describe(validate);
}
