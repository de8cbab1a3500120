/**
 * Compiles the bench child entries and everything they import from `src/` to plain JavaScript under
 * bench/tmp/build, so the measured processes run the way `npm start` runs the app (node on compiled
 * JS with --enable-source-maps) rather than under the tsx loader, whose extra thread and transpiler
 * would add ~100 MB of RSS and start-up work to the numbers. Per-file transpilation (no type check:
 * `npx tsc --noEmit` does that) keeps it to a second or two.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { relativeImports } from './imports.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Where compiled children live (git-ignored). */
export const BUILD_DIR = join(ROOT, 'bench', 'tmp', 'build');

const OPTIONS: ts.CompilerOptions = {
  // The package is `"type": "module"`: emit ESM (transpileModule cannot see package.json).
  module: ts.ModuleKind.ES2022,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  sourceMap: true,
  esModuleInterop: true,
};

/** Transpiles `entries` (paths relative to the repo) and their relative imports; returns the output paths. */
export function buildChildren(entries: string[]): Record<string, string> {
  const queue = entries.map((e) => resolve(ROOT, e));
  const seen = new Set<string>();
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const rel = relative(ROOT, file);
    const outFile = join(BUILD_DIR, rel.replace(/\.ts$/, '.js'));
    let fresh = false;
    try {
      fresh = statSync(outFile).mtimeMs >= statSync(file).mtimeMs;
    } catch {
      fresh = false;
    }
    if (!fresh) {
      const out = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: file });
      mkdirSync(dirname(outFile), { recursive: true });
      const mapName = `${outFile}.map`;
      const map = JSON.parse(out.sourceMapText ?? '{}') as { sources?: string[] };
      map.sources = [relative(dirname(outFile), file)];
      writeFileSync(mapName, JSON.stringify(map));
      writeFileSync(
        outFile,
        out.outputText.replace(
          /\/\/# sourceMappingURL=.*$/m,
          `//# sourceMappingURL=${relative(dirname(outFile), mapName)}`,
        ),
      );
    }
    for (const spec of relativeImports(source)) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      try {
        statSync(target);
        queue.push(target);
      } catch {
        // A `.js` file next to the sources or a type-only path that does not exist: nothing to compile.
      }
    }
  }
  return Object.fromEntries(entries.map((e) => [e, join(BUILD_DIR, e.replace(/\.ts$/, '.js'))]));
}
