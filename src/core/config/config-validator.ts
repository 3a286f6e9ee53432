import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import schema from '../../../schemas/preflight.schema.json';

/**
 * The `.preflight.yml` validator, compiled from the schema when this module runs from source
 * (tests, tsx). The bundles never run it: scripts/build.mjs replaces this module with the code
 * `configValidatorSource()` writes, because compiling the schema (and ajv's meta-schema) was
 * the largest single cost of a `preflight check` start-up.
 */
export function compileConfigValidator(): ValidateFunction {
  return configSchemaCompiler({ source: false }).compile(schema);
}

/** The validator as standalone CommonJS code (`module.exports = validate`): what the bundles contain. */
export function configValidatorSource(): string {
  const ajv = configSchemaCompiler({ source: true });
  return standaloneCode(ajv, ajv.compile(schema));
}

function configSchemaCompiler(code: { source: boolean }): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, code });
  ajv.addVocabulary(['x-message']);
  addFormats(ajv, ['uri']);
  return ajv;
}
