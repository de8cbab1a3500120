/**
 * Go's view of template values, so the mini renderer prints and compares them the way Helm does.
 * Helm decodes values.yaml through JSON, so every number from values is a float64 (a JS `number`);
 * Go ints (template literals like `63`, results of `int` and `len`) are JS `bigint`s. The difference
 * shows: a float64 of 1000000 prints as `1e+06` in Helm, and `printf "%d"` refuses a float64.
 */

/** A Go map[string]interface{} (values, dicts, .Release…). */
export type GoMap = Record<string, unknown>;

/** True for a plain object (a Go map), false for arrays, null and class instances. */
export function isMap(v: unknown): v is GoMap {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
  );
}

/** Go's type name of a value, for error messages. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** text/template's notion of truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** fmt's `%v` of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6. */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return '0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  // strconv 'g' with shortest precision switches to %e at exponent >= 6 (hence Helm's "1e+06").
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

/** fmt's `%v`. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** strconv.Quote for the strings charts carry (printable Unicode stays as is). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** fmt.Sprintf for the verbs charts use: %s %d %v %q %t %%; mismatches print like Go (`%!d(float64=1)`). */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const verb = format[++i];
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[next++];
    const bad = () => `%!${verb}(${goType(arg)}=${goFormat(arg)})`;
    if (verb === 'v') out += goFormat(arg);
    else if (verb === 's') out += typeof arg === 'string' ? arg : bad();
    else if (verb === 'q') out += typeof arg === 'string' ? goQuote(arg) : bad();
    else if (verb === 'd') out += typeof arg === 'bigint' ? String(arg) : bad();
    else if (verb === 't') out += typeof arg === 'boolean' ? String(arg) : bad();
    else throw new Error(`printf: verb %${verb} is not supported by the mini renderer`);
  }
  if (next < args.length) {
    out += `%!(EXTRA ${args
      .slice(next)
      .map((a) => `${goType(a)}=${goFormat(a)}`)
      .join(', ')})`;
  }
  return out;
}
