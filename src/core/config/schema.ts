import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../../schemas/preflight.schema.json';
import { compileConfigValidator } from './config-validator';

export { schema as configSchema };

let compiled: ValidateFunction | undefined;

/** The validator, built on first use so that merely importing the core stays cheap. */
export function configValidator(): ValidateFunction {
  compiled ??= compileConfigValidator();
  return compiled;
}

export type SchemaError = ErrorObject;
