import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../../schemas/preflight.schema.json';

export { schema as configSchema };

let compiled: ValidateFunction | undefined;

/** The compiled validator, built on first use so that merely importing the core stays cheap. */
export function configValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    ajv.addVocabulary(['x-message']);
    addFormats(ajv, ['uri']);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

export type SchemaError = ErrorObject;
