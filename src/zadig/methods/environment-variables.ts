/**
 * Changing one global variable of an environment. Zadig has no per-key update: the PUT replaces the
 * env's whole `global_variables` list with the body (`OpenAPIUpdateGlobalVariables` →
 * `UpdateProductGlobalVariablesWithRender`, environment/service/environment.go), and every field left
 * out (type, options, desc, related_services) is lost. So the list is read as Zadig serves it and sent
 * back untouched except for the one value.
 */
import { z } from 'zod';
import type { EnvScope } from '../api.js';
import { typedVariableValue } from '../environment-variables.js';
import { ZadigError } from '../errors.js';
import type { HttpCore } from '../http.js';
import { parseResponse } from '../schemas/common.js';
import { envVariableSchema } from '../schemas/environments.js';
import type { EnvVariable } from '../types.js';
import { prod } from './shared.js';

/** The GET answer as it came: `[]*commontypes.GlobalVariableKV`, each entry kept whole. */
const rawList = z.array(z.looseObject({ key: z.string() }));

/**
 * Sets `key` to `input` (typed by the variable's type: a bool variable gets a JSON bool) and writes the
 * whole list back. Returns the variable as it was. Throws ZADIG_NOT_FOUND when the key is gone and
 * ZADIG_BAD_REQUEST when the value does not fit the variable's type (nothing is written then).
 */
export async function setEnvVariable(
  http: HttpCore,
  projectKey: string,
  envKey: string,
  key: string,
  input: string,
  scope?: EnvScope,
): Promise<EnvVariable> {
  const route = `/openapi/environments${prod(scope)}/:envName/variable`;
  const spec = { route, params: { envName: envKey }, query: { projectKey } };
  const endpoint = `GET ${route}`;
  const ok = await http.send('GET', spec);
  let data: unknown;
  try {
    data = JSON.parse(ok.text);
  } catch {
    throw new ZadigError({
      code: 'ZADIG_PROTOCOL',
      message: `Zadig ${endpoint}: response is not JSON`,
      endpoint,
    });
  }
  // Validated for shape, but the entries sent back are the decoded originals, not zod's copies.
  parseResponse(rawList, data, endpoint);
  const list = data as Record<string, unknown>[];
  const index = list.findIndex((v) => v.key === key);
  const entry = list[index];
  if (!entry) {
    throw new ZadigError({
      code: 'ZADIG_NOT_FOUND',
      message: `Zadig ${endpoint}: environment ${envKey} has no variable ${key}`,
      endpoint,
    });
  }
  const before = parseResponse(envVariableSchema, entry, endpoint);
  const typed = typedVariableValue(before, input);
  if (!typed.ok) {
    throw new ZadigError({
      code: 'ZADIG_BAD_REQUEST',
      message: `variable ${key} (${before.type}) cannot take that value (${typed.reason})`,
      endpoint: `PUT ${route}`,
    });
  }
  const next = list.map((v, i) => (i === index ? { ...v, value: typed.value } : v));
  await http.send('PUT', { ...spec, body: { global_variables: next } });
  return before;
}
