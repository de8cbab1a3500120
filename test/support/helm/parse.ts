/**
 * Parser for the Go text/template subset charts use: actions with pipelines, `if`/`else if`/`else`,
 * `range` (with `$i, $v :=`), `with`/`else with`, `define`, `template`, variables (`:=`, `=`) and
 * parenthesized sub-pipelines. Anything else (block, break, continue, method calls) is a syntax error,
 * so a chart cannot silently drift outside what the tests can check.
 */
import { lex, type Piece, TemplateSyntaxError, type Tok } from './lex.js';

/** An argument or the head of a command. */
export type Operand =
  | { k: 'field'; chain: string[] }
  | { k: 'var'; name: string; chain: string[] }
  | { k: 'lit'; v: unknown }
  | { k: 'fn'; name: string }
  | { k: 'sub'; pipe: Pipeline };

/** `$a, $b := cmd | cmd` — commands separated by `|`, each a list of operands. */
export interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Operand[][];
}

/** A node of the parsed tree; `file` and `line` locate errors. */
export type Node =
  | { k: 'text'; text: string }
  | { k: 'action'; pipe: Pipeline; file: string; line: number }
  | {
      k: 'if' | 'with';
      branches: { pipe: Pipeline; body: Node[] }[];
      otherwise?: Node[];
      file: string;
      line: number;
    }
  | { k: 'range'; pipe: Pipeline; body: Node[]; otherwise?: Node[]; file: string; line: number }
  | { k: 'template'; name: string; pipe?: Pipeline; file: string; line: number };

/** A parsed file: its top-level nodes and the templates it `define`s. */
export interface ParsedTemplate {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

const LITERALS: Record<string, unknown> = { true: true, false: false, nil: null };

/** Parses one template file; `isFunction` says which identifiers are functions (unknown ones fail). */
export function parseTemplate(
  src: string,
  file: string,
  isFunction: (name: string) => boolean,
): ParsedTemplate {
  const pieces = lex(src, file);
  const defines = new Map<string, Node[]>();
  let at = 0;

  type Stop = { word: 'end' | 'else'; rest: Tok[]; line: number } | undefined;

  function list(): { nodes: Node[]; stop: Stop } {
    const nodes: Node[] = [];
    while (at < pieces.length) {
      const p = pieces[at++] as Piece;
      if (p.kind === 'text') {
        nodes.push({ k: 'text', text: p.text });
        continue;
      }
      const head = p.toks[0];
      const word = head?.t === 'ident' ? head.name : '';
      const rest = p.toks.slice(1);
      const fail = (d: string): never => {
        throw new TemplateSyntaxError(file, p.line, d);
      };
      if (word === 'end' || word === 'else') return { nodes, stop: { word, rest, line: p.line } };
      if (word === 'if' || word === 'with') nodes.push(conditional(word, rest, p.line));
      else if (word === 'range') {
        const pipe = pipeline(rest, p.line);
        const { nodes: body, stop } = list();
        let otherwise: Node[] | undefined;
        if (stop?.word === 'else') otherwise = closed(list(), 'range', p.line);
        else if (stop?.word !== 'end') fail('unexpected EOF in range');
        nodes.push({ k: 'range', pipe, body, otherwise, file, line: p.line });
      } else if (word === 'define') {
        const name = rest[0];
        if (name?.t !== 'str' || rest.length !== 1) fail('define needs exactly one quoted name');
        defines.set((name as { v: string }).v, closed(list(), 'define', p.line));
      } else if (word === 'template') {
        const name = rest[0];
        if (name?.t !== 'str') fail('template needs a quoted name');
        const args = rest.slice(1);
        nodes.push({
          k: 'template',
          name: (name as { v: string }).v,
          pipe: args.length ? pipeline(args, p.line) : undefined,
          file,
          line: p.line,
        });
      } else if (['block', 'break', 'continue'].includes(word))
        fail(`"${word}" is not supported by the mini renderer`);
      else if (p.toks.length === 0) fail('missing value for command');
      else nodes.push({ k: 'action', pipe: pipeline(p.toks, p.line), file, line: p.line });
    }
    return { nodes, stop: undefined };
  }

  function closed(r: { nodes: Node[]; stop: Stop }, what: string, line: number): Node[] {
    if (r.stop?.word !== 'end' || r.stop.rest.length > 0) {
      throw new TemplateSyntaxError(file, line, `unexpected ${r.stop ? r.stop.word : 'EOF'} in ${what}`);
    }
    return r.nodes;
  }

  function conditional(word: 'if' | 'with', toks: Tok[], line: number): Node {
    const branches: { pipe: Pipeline; body: Node[] }[] = [];
    let pipe = pipeline(toks, line);
    for (;;) {
      const { nodes: body, stop } = list();
      branches.push({ pipe, body });
      if (stop?.word === 'end' && stop.rest.length === 0) return { k: word, branches, file, line };
      if (stop?.word !== 'else') throw new TemplateSyntaxError(file, line, `unexpected EOF in ${word}`);
      const next = stop.rest[0];
      if (next?.t === 'ident' && next.name === word) {
        pipe = pipeline(stop.rest.slice(1), stop.line);
        continue;
      }
      if (stop.rest.length > 0)
        throw new TemplateSyntaxError(file, stop.line, `unexpected tokens after else`);
      return { k: word, branches, otherwise: closed(list(), word, line), file, line };
    }
  }

  function pipeline(toks: Tok[], line: number): Pipeline {
    const fail = (d: string): never => {
      throw new TemplateSyntaxError(file, line, d);
    };
    const decl: string[] = [];
    let assign = false;
    let i = 0;
    const declEnd = toks.findIndex((t) => t.t === ':=' || t.t === '=');
    if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.t === 'var' || t.t === ',')) {
      for (const t of toks.slice(0, declEnd)) if (t.t === 'var') decl.push(t.name);
      assign = toks[declEnd]?.t === '=';
      i = declEnd + 1;
    }
    const cmds: Operand[][] = [[]];
    while (i < toks.length) {
      const t = toks[i] as Tok;
      if (t.t === '|') {
        cmds.push([]);
        i++;
        continue;
      }
      const cmd = cmds[cmds.length - 1] as Operand[];
      if (t.t === '(') {
        let depth = 1;
        let j = i + 1;
        for (; j < toks.length && depth > 0; j++) {
          if (toks[j]?.t === '(') depth++;
          if (toks[j]?.t === ')') depth--;
        }
        if (depth > 0) fail('unclosed left paren');
        cmd.push({ k: 'sub', pipe: pipeline(toks.slice(i + 1, j - 1), line) });
        i = j;
        continue;
      }
      if (t.t === 'field') cmd.push({ k: 'field', chain: t.chain });
      else if (t.t === 'var') cmd.push({ k: 'var', name: t.name, chain: t.chain });
      else if (t.t === 'str' || t.t === 'num') cmd.push({ k: 'lit', v: t.v });
      else if (t.t === 'ident') {
        if (t.name in LITERALS) cmd.push({ k: 'lit', v: LITERALS[t.name] });
        else if (isFunction(t.name)) cmd.push({ k: 'fn', name: t.name });
        else fail(`function "${t.name}" not defined`);
      } else fail(`unexpected "${t.t}" in command`);
      i++;
    }
    if (cmds.some((c) => c.length === 0)) fail('missing value for command');
    return { decl, assign, cmds };
  }

  const { nodes, stop } = list();
  if (stop) throw new TemplateSyntaxError(file, stop.line, `unexpected {{${stop.word}}}`);
  return { nodes, defines };
}
