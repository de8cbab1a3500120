/**
 * Executes parsed templates with text/template semantics: dot and `$`, variable scopes that end with
 * their block, field chains that fail on nil (as Helm's "nil pointer evaluating interface {}.x"),
 * short-circuit `and`/`or`, and `include`/`template` of `define`d templates.
 */
import { goFormat, isMap, truth } from './go-values.js';
import type { Node, Operand, Pipeline } from './parse.js';

/** A function callable from templates; `ctx.include` renders a named template. */
export type TemplateFunc = (args: unknown[], ctx: ExecContext) => unknown;

/** What functions may reach of the executor. */
export interface ExecContext {
  include(name: string, data: unknown): string;
}

/** An error raised while executing; `execution error at (file:line): msg` like Helm's. */
export class TemplateExecError extends Error {
  constructor(
    readonly detail: string,
    readonly where: string,
  ) {
    super(`execution error at (${where}): ${detail}`);
    this.name = 'TemplateExecError';
  }
}

const NONE = Symbol('no piped value');
const MAX_DEPTH = 100;

interface Scope {
  vars: { name: string; value: unknown }[];
}

/** Runs templates against data; `defines` holds every `define` of the chart. */
export class TemplateExecutor {
  private depth = 0;

  constructor(
    private readonly defines: ReadonlyMap<string, Node[]>,
    private readonly funcs: Readonly<Record<string, TemplateFunc>>,
  ) {}

  /** Renders top-level nodes (or a define's body) with `.` and `$` bound to `data`. */
  run(nodes: readonly Node[], data: unknown): string {
    return this.list(nodes, data, { vars: [{ name: '$', value: data }] });
  }

  /** Renders the named `define` with `data` as its dot. */
  include(name: string, data: unknown): string {
    const body = this.defines.get(name);
    if (!body) throw new Error(`template: no template "${name}" associated with template`);
    if (++this.depth > MAX_DEPTH) throw new Error(`include of "${name}" nested deeper than ${MAX_DEPTH}`);
    try {
      return this.run(body, data);
    } finally {
      this.depth--;
    }
  }

  private list(nodes: readonly Node[], dot: unknown, scope: Scope): string {
    let out = '';
    for (const n of nodes) {
      if (n.k === 'text') {
        out += n.text;
        continue;
      }
      try {
        out += this.node(n, dot, scope);
      } catch (e) {
        if (e instanceof TemplateExecError) throw e;
        throw new TemplateExecError((e as Error).message, `${n.file}:${n.line}`);
      }
    }
    return out;
  }

  private node(n: Exclude<Node, { k: 'text' }>, dot: unknown, scope: Scope): string {
    if (n.k === 'action') {
      // A declaration outlives its action (until the enclosing block ends), so no scope mark here.
      const v = this.pipeline(n.pipe, dot, scope);
      // Helm strips the "<no value>" Go prints for a missing value.
      return n.pipe.decl.length > 0 || v === null || v === undefined ? '' : goFormat(v);
    }
    const mark = scope.vars.length;
    try {
      if (n.k === 'template') {
        return this.include(n.name, n.pipe ? this.pipeline(n.pipe, dot, scope) : null);
      }
      if (n.k === 'range') return this.range(n, dot, scope);
      for (const b of n.branches) {
        const v = this.pipeline(b.pipe, dot, scope);
        if (truth(v)) return this.list(b.body, n.k === 'with' ? v : dot, scope);
      }
      return n.otherwise ? this.list(n.otherwise, dot, scope) : '';
    } finally {
      scope.vars.length = mark;
    }
  }

  private range(n: Extract<Node, { k: 'range' }>, dot: unknown, scope: Scope): string {
    const over = this.evalCommands(n.pipe, dot, scope);
    let entries: [unknown, unknown][];
    if (Array.isArray(over)) entries = over.map((v, i) => [BigInt(i), v]);
    else if (isMap(over))
      entries = Object.keys(over)
        .sort()
        .map((k) => [k, over[k]]);
    else if (typeof over === 'bigint')
      entries = Array.from({ length: Number(over) }, (_, i) => [BigInt(i), BigInt(i)]);
    else if (over === null || over === undefined) entries = [];
    else throw new Error(`range can't iterate over ${goFormat(over)}`);
    if (entries.length === 0) return n.otherwise ? this.list(n.otherwise, dot, scope) : '';
    let out = '';
    const mark = scope.vars.length;
    for (const [key, value] of entries) {
      scope.vars.length = mark;
      const [a, b] = n.pipe.decl;
      if (a && b) scope.vars.push({ name: a, value: key }, { name: b, value });
      else if (a) scope.vars.push({ name: a, value });
      out += this.list(n.body, value, scope);
    }
    return out;
  }

  private pipeline(p: Pipeline, dot: unknown, scope: Scope): unknown {
    const v = this.evalCommands(p, dot, scope);
    const [name] = p.decl;
    if (name === undefined) return v;
    if (p.assign) {
      const slot = [...scope.vars].reverse().find((x) => x.name === name);
      if (!slot) throw new Error(`undefined variable: ${name}`);
      slot.value = v;
    } else scope.vars.push({ name, value: v });
    return v;
  }

  private evalCommands(p: Pipeline, dot: unknown, scope: Scope): unknown {
    let v: unknown = NONE;
    for (const cmd of p.cmds) v = this.command(cmd, dot, scope, v);
    return v;
  }

  private command(cmd: readonly Operand[], dot: unknown, scope: Scope, piped: unknown): unknown {
    const [head, ...rest] = cmd as [Operand, ...Operand[]];
    if (head.k !== 'fn') {
      if (rest.length > 0 || piped !== NONE)
        throw new Error(`can't give argument to non-function ${describe(head)}`);
      return this.operand(head, dot, scope);
    }
    const tail = piped === NONE ? [] : [piped];
    if (head.name === 'and' || head.name === 'or') {
      // Go 1.18+: evaluation stops at the first argument that decides the result.
      let last: unknown;
      const args = [...rest.map((o) => () => this.operand(o, dot, scope)), ...tail.map((t) => () => t)];
      if (args.length === 0) throw new Error(`wrong number of args for ${head.name}: want at least 1 got 0`);
      for (const get of args) {
        last = get();
        if (truth(last) === (head.name === 'or')) return last;
      }
      return last;
    }
    const fn = this.funcs[head.name];
    if (!fn) throw new Error(`function "${head.name}" not defined`);
    const args = [...rest.map((o) => this.operand(o, dot, scope)), ...tail];
    try {
      return fn(args, { include: (name, data) => this.include(name, data) });
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      const msg = (e as Error).message;
      // required/fail messages are the user's own words; everything else names the function like Go.
      throw new Error(e instanceof UserFailure ? msg : `error calling ${head.name}: ${msg}`);
    }
  }

  private operand(o: Operand, dot: unknown, scope: Scope): unknown {
    if (o.k === 'lit') return o.v;
    if (o.k === 'sub') return this.pipeline(o.pipe, dot, scope);
    if (o.k === 'fn') return this.command([o], dot, scope, NONE);
    let base: unknown = dot;
    if (o.k === 'var') {
      const slot = [...scope.vars].reverse().find((x) => x.name === o.name);
      if (!slot) throw new Error(`undefined variable "${o.name}"`);
      base = slot.value;
    }
    for (const name of o.chain) {
      if (base === null || base === undefined) throw new Error(`nil pointer evaluating interface {}.${name}`);
      if (!isMap(base)) throw new Error(`can't evaluate field ${name} in type ${typeof base}`);
      base = Object.hasOwn(base, name) ? base[name] : undefined;
    }
    return base;
  }
}

/** Thrown by `required` and `fail`: the message reaches the user verbatim. */
export class UserFailure extends Error {}

function describe(o: Operand): string {
  if (o.k === 'field') return `.${o.chain.join('.')}`;
  if (o.k === 'var') return [o.name, ...o.chain].join('.');
  return o.k;
}
