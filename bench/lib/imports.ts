/** The import scan build-children.ts follows (kept apart so tests need not load the TypeScript compiler). */

/** Relative module specifiers in a source file (`./x.js`, `../y.js`), static and dynamic. */
export function relativeImports(source: string): string[] {
  const out = new Set<string>();
  const re = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of source.matchAll(re)) out.add(m[1] as string);
  return [...out];
}
