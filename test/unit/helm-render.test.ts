// Locks in that the mini Helm renderer behaves like Go text/template + Sprig + Helm where the chart relies on it
// (whitespace trimming, scoping, Go number printing and typing, required), and refuses what it does not support.
import { describe, expect, it } from 'vitest';
import { coalesceValues, renderTemplateString as t } from '../support/helm-render.js';

describe('mini Helm renderer', () => {
  it('trims whitespace at {{- and -}} and drops comments', () => {
    expect(t('a  \n {{- "b" -}} \n  c')).toBe('abc');
    expect(t('a {{/* gone */}}b {{- /* gone */ -}} c')).toBe('a bc');
    expect(t('x: {{ 1 }}\n{{- if false }}\ny: 2\n{{- end }}\nz: 3')).toBe('x: 1\nz: 3');
  });

  it('prints values as Go does: float64 from values in %v (1e+06), ints plainly, nil as nothing', () => {
    const data = { n: 3000, big: 1000000, frac: 0.5, missing: null };
    expect(t('{{ .n }} {{ .big }} {{ .frac }} [{{ .missing }}] {{ .big | int }}', data)).toBe(
      '3000 1e+06 0.5 [] 1000000',
    );
    expect(t('{{ printf "%d|%d|%s|%v" .n 3 .n .n }}', data)).toBe(
      '%!d(float64=3000)|3|%!s(float64=3000)|3000',
    );
    expect(t('{{ .n | quote }} {{ "a\\"b" | quote }} {{ quote .missing }}', data)).toBe('"3000" "a\\"b" ');
  });

  it('compares like Go: int vs float64 is an error, nil compares unequal', () => {
    expect(() => t('{{ eq .n 3 }}', { n: 3 })).toThrow(/incompatible types for comparison/);
    expect(t('{{ eq .n 3.0 }} {{ eq .none "x" }} {{ eq .s "a" "b" }}', { n: 3, s: 'b' })).toBe(
      'true false true',
    );
  });

  it('fails on a field of nil, and short-circuits and/or', () => {
    expect(() => t('{{ .a.b.c }}', { a: {} })).toThrow(/nil pointer evaluating interface \{\}\.c/);
    expect(t('{{ if and .a .a.b }}yes{{ else }}no{{ end }}', {})).toBe('no');
    expect(t('{{ or .x "fallback" }}', {})).toBe('fallback');
  });

  it('scopes variables to their block, lets = update an outer one, and ranges maps in key order', () => {
    expect(t('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}')).toBe('2');
    expect(() => t('{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}')).toThrow(/undefined variable/);
    expect(t('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 'x', a: 'y' } })).toBe(
      'a=y;b=x;',
    );
    expect(
      t('{{ range $i, $v := .l }}{{ $i }}{{ $v }}{{ $.sep }}{{ end }}', { l: ['p', 'q'], sep: ',' }),
    ).toBe('0p,1q,');
    expect(t('{{ range .l }}x{{ else }}empty{{ end }}', { l: [] })).toBe('empty');
    expect(t('{{ with .a }}{{ .b }}{{ else with .c }}c{{ else }}none{{ end }}', { c: 1 })).toBe('c');
  });

  it('implements include/define, nindent, toYaml with sorted keys, default, required and b64enc', () => {
    const src =
      '{{- define "x" }}name: {{ .n }}{{ end -}}\nspec:{{ include "x" (dict "n" "a") | nindent 2 }}';
    expect(t(src)).toBe('spec:\n  name: a');
    expect(t('{{ toYaml .v }}', { v: { b: [1, 'x'], a: { c: true } } })).toBe(
      'a:\n  c: true\nb:\n  - 1\n  - x',
    );
    expect(t('{{ .a | default "d" }} {{ .b | default "d" }}', { a: '', b: 'set' })).toBe('d set');
    expect(() => t('{{ required "need a" .a }}', { a: '' })).toThrow(
      /^execution error at \(inline:1\): need a$/,
    );
    expect(t('{{ required "need a" .a }}', { a: false })).toBe('false');
    expect(t('{{ b64enc "hi" }}')).toBe('aGk=');
    expect(() => t('{{ b64enc .n }}', { n: 1 })).toThrow(/expected string; got float64/);
  });

  it('rejects unknown functions and unsupported syntax at parse time', () => {
    expect(() => t('{{ lookup "v1" "Secret" "ns" "x" }}')).toThrow(/function "lookup" not defined/);
    expect(() => t('{{ range .l }}{{ break }}{{ end }}')).toThrow(/not supported/);
    expect(() => t('{{ if .a }}')).toThrow(/unexpected EOF/);
    expect(() => t('{{ (dict "a" 1).a }}')).toThrow(/not supported/);
  });

  it('coalesces values like Helm: maps merge, lists replace, null deletes', () => {
    const defaults = { a: { b: 1, c: 2 }, l: [1, 2], d: 'x' };
    expect(coalesceValues(defaults, { a: { c: 3 }, l: [9], d: null })).toEqual({ a: { b: 1, c: 3 }, l: [9] });
  });
});
