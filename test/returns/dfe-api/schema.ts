/** Compiles the DfE CSC payload schema from the reference openapi.json with ajv (+ formats). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

export const OPENAPI = fileURLToPath(new URL('../../../../shared/reference/dfe-csc-api/openapi.json', import.meta.url));

export function compileCscSchema(): ValidateFunction {
  const spec = JSON.parse(readFileSync(OPENAPI, 'utf8')) as { components: { schemas: Record<string, object> } };
  const ajv = new Ajv({ allErrors: true, strict: true });
  formatsModule.default(ajv);
  ajv.addKeyword('example'); // OpenAPI annotation, not a validation keyword
  for (const [name, schema] of Object.entries(spec.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
  const validate = ajv.getSchema('#/components/schemas/CSC');
  if (!validate) throw new Error('CSC schema not found in openapi.json');
  return validate;
}
