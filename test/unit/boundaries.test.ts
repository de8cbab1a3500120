// Locks in the direction of dependencies between src/ folders (architecture.md) and that only
// src/config.ts reads process.env; sandbox/ is a separate program and imports nothing from src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// For relative imports the rule sees the resolved path from the repo root (e.g. `src/bot/slack/x.js`);
// for packages, the bare specifier. src/zadig may take pino's Logger type for injected logging.
const SDKS = [/^@slack\//, /^@larksuiteoapi\//, /^bullmq$/];
const forbidden: Record<string, RegExp[]> = {
  'src/zadig': [/^src\/(?!zadig\/)/, /^(?!node:|zod$|zod\/|pino$|src\/)/],
  'src/store': [/^src\/(bot|commands|jobs)\//, ...SDKS],
  'src/notifications': [/^src\/(bot|commands|jobs|store)\//, ...SDKS],
  'src/commands': [/^src\/(bot|jobs)\//, ...SDKS],
  'src/jobs': [/^src\/(bot|commands)\//, /^@slack\//, /^@larksuiteoapi\//],
  'src/bot': [/^src\/(zadig|jobs)\//, /^bullmq$/],
  sandbox: [/^src\//],
};

function files(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(src: string): string[] {
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...src.matchAll(re)].map((m) => (m[1] ?? m[2]) as string);
}

describe('module boundaries', () => {
  for (const [dir, rules] of Object.entries(forbidden)) {
    it(`${dir} imports only what it may`, () => {
      const bad: string[] = [];
      for (const f of files(join(root, dir))) {
        for (const spec of imports(readFileSync(f, 'utf8'))) {
          const target = spec.startsWith('.') ? relative(root, resolve(dirname(f), spec)) : spec;
          if (rules.some((r) => r.test(target))) bad.push(`${relative(root, f)} -> ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('reads process.env only in src/config.ts', () => {
    const readers = files(join(root, 'src'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(readers).toEqual(['src/config.ts']);
  });
});
