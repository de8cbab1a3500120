/**
 * An environment's global variables as the server keeps them (`commontypes.GlobalVariableKV`: key,
 * value as interface{}, type, options, desc, related_services). The update replaces the whole list with
 * the request body, after the checks of `UpdateProductGlobalVariablesWithRender`
 * (environment/service/environment.go) and the typed-value checks of `GlobalVariableKVToYaml`
 * (common/types/service_variable.go).
 */
import { parseDocument } from 'yaml';
import { PlainError, ZadigTypedError } from './errors.js';
import type { EnvRec, GlobalVarRec } from './model.js';

/** The JSON of one GlobalVariableKV (nil slices come out as `[]`, as Zadig's response helper does). */
export function globalVariableView(v: GlobalVarRec): Record<string, unknown> {
  return {
    key: v.key,
    value: v.value,
    type: v.type,
    options: [...v.options],
    desc: v.desc,
    related_services: [...v.relatedServices],
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : [];

/**
 * `json.Unmarshal` of the body's `global_variables` into []*GlobalVariableKV: unknown fields dropped,
 * missing ones zero (type "", options nil, value nil). A non-string key is an unmarshal error, which the
 * handler returns as a plain error (HTTP 500).
 */
export function unmarshalGlobalVariables(list: unknown): GlobalVarRec[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new PlainError('json: cannot unmarshal object into Go struct field .global_variables');
  }
  return list.map((raw) => {
    const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    if (o.key !== undefined && typeof o.key !== 'string') {
      throw new PlainError(
        'json: cannot unmarshal number into Go struct field GlobalVariableKV.key of type string',
      );
    }
    return {
      key: typeof o.key === 'string' ? o.key : '',
      value: o.value ?? null,
      type: typeof o.type === 'string' ? o.type : '',
      options: strings(o.options),
      desc: typeof o.desc === 'string' ? o.desc : '',
      relatedServices: strings(o.related_services),
    };
  });
}

/** `GlobalVariableKVToYaml` with forceCheck: the typed-value rules; returns the Go error text or ''. */
function typedValueError(kvs: GlobalVarRec[]): string {
  for (const kv of kvs) {
    const shown = kv.value === null ? '<nil>' : String(kv.value);
    if (kv.type === 'yaml') {
      if (typeof kv.value !== 'string')
        return `failed to convert value to yaml, key: ${kv.key}, value: ${shown}`;
      if (parseDocument(kv.value).errors.length > 0) return `failed to unmarshal yaml, key: ${kv.key}`;
    } else if (kv.type === 'bool') {
      if (typeof kv.value !== 'boolean' && kv.value !== 'true' && kv.value !== 'false') {
        return `invaild value for boolean, key: ${kv.key}, value: ${shown}`;
      }
    } else if (kv.type === 'enum' && !kv.options.includes(shown)) {
      return `invaild value for enum, key: ${kv.key}, value: ${shown}, options: [${kv.options.join(' ')}]`;
    }
  }
  return '';
}

const sameList = (a: GlobalVarRec[], b: GlobalVarRec[]): boolean =>
  JSON.stringify(a.map(globalVariableView)) === JSON.stringify(b.map(globalVariableView));

/**
 * `UpdateProductGlobalVariablesWithRender`: an identical list changes nothing; an added key must be in
 * the project's list; a removed key must be used by no service; then the env's list IS the body.
 * Failures are `ErrUpdateEnv` (6076) with the Go error as description. Returns whether anything changed.
 */
export function replaceGlobalVariables(env: EnvRec, projectKeys: string[], args: GlobalVarRec[]): boolean {
  const fail = (desc: string) => new ZadigTypedError(6076, '更新环境失败', desc);
  const typed = typedValueError(env.globalVariables) || typedValueError(args);
  if (typed) throw fail(typed);
  if (sameList(env.globalVariables, args)) return false;
  const current = new Map(env.globalVariables.map((v) => [v.key, v]));
  const sent = new Set(args.map((v) => v.key));
  for (const v of args) {
    if (!current.has(v.key) && !projectKeys.includes(v.key)) {
      throw fail(`added global variable ${v.key} is not in project's global variable list`);
    }
  }
  for (const [key, v] of current) {
    if (!sent.has(key) && v.relatedServices.length > 0) {
      throw fail(
        `global variable ${key} is used by service [${v.relatedServices.join(' ')}], can't delete it`,
      );
    }
  }
  for (const v of args) {
    if (!current.has(v.key) && v.relatedServices.length > 0) {
      throw fail(`UNEXPECT ERROR: global variable ${v.key} is new, but RelatedServices is not empty`);
    }
  }
  env.globalVariables = args;
  return true;
}
