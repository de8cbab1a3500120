// Locks in the direction of dependencies between src/ folders (architecture.md), the domain layout
// inside src/commands and src/notifications/views, that no path is named after the history of the work,
// and that only src/config.ts reads process.env; sandbox/ is a separate program and imports nothing from src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// For relative imports the rule sees the resolved path from the repo root (e.g. `src/bot/slack/x.js`);
// for packages, the bare specifier. src/zadig may take pino's Logger type for injected logging, and
// sends through the process's keep-alive transport (src/http-request.ts, which imports Node only).
const SDKS = [/^@slack\//, /^@larksuiteoapi\//, /^bullmq$/];
const forbidden: Record<string, RegExp[]> = {
  'src/zadig': [/^src\/(?!zadig\/|http-request\.js$)/, /^(?!node:|zod$|zod\/|pino$|src\/)/],
  'src/http-request.ts': [/^(?!node:)/],
  'src/store': [/^src\/(bot|commands|jobs)\//, ...SDKS],
  'src/notifications': [/^src\/(bot|commands|jobs|store)\//, ...SDKS],
  'src/commands': [/^src\/(bot|jobs)\//, ...SDKS],
  'src/jobs': [/^src\/(bot|commands)\//, /^@slack\//, /^@larksuiteoapi\//],
  'src/bot': [/^src\/(zadig|jobs)\//, /^bullmq$/],
  sandbox: [/^src\//],
  // Inside src/commands: the grammar stands alone (the table, parser and help know nothing of who may
  // run what or how it runs); the access rules never reach into a handler.
  'src/commands/grammar': [/^src\/commands\/(?!grammar\/)/],
  'src/commands/access': [/^src\/commands\/handlers\//],
  // What several handler domains use lives in handlers/shared, which depends on no domain.
  'src/commands/handlers/shared': [/^src\/commands\/handlers\/(?!shared\/)/],
  // View helpers at the root of views/ are shared by every domain and depend on none.
  ...Object.fromEntries(
    ['common', 'generic', 'task-facts', 'task-changes'].map((f) => [
      `src/notifications/views/${f}.ts`,
      [/^src\/notifications\/views\/(?!(common|generic|task-facts|task-changes)\.js$)/],
    ]),
  ),
};

const HANDLERS = 'src/commands/handlers';
const VIEWS = 'src/notifications/views';
const folders = (dir: string) =>
  readdirSync(join(root, dir)).filter((e) => statSync(join(root, dir, e)).isDirectory());
// Handler domains are the words a user names (workflows, approvals, environments, …).
const domains = folders(HANDLERS).filter((d) => d !== 'shared');
for (const d of domains) {
  // A domain's handlers use their own folder and handlers/shared, never another domain's handlers.
  forbidden[`${HANDLERS}/${d}`] = [new RegExp(`^${HANDLERS}/(?!(${d}|shared)/)`)];
}
for (const d of folders(VIEWS)) {
  // A domain's views use their own folder and the shared helpers, not the barrel or another domain.
  forbidden[`${VIEWS}/${d}`] = [
    new RegExp(`^${VIEWS}/(?!${d}/|(common|generic|task-facts|task-changes)\\.js$)`),
  ];
}

function files(path: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    if (statSync(path).isFile()) return [path];
    entries = readdirSync(path);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(path, e);
    if (e === 'node_modules') continue;
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

  it('views are grouped by the same domain words as the handlers', () => {
    expect(domains.length).toBeGreaterThan(0);
    expect(folders(VIEWS).filter((d) => !domains.includes(d))).toEqual([]);
  });

  it('names no file or folder after the history of the work', () => {
    const historyWord = /(^|[-_.])(more|extra|new|old|v2)(?=[-_.]|$)/i;
    const named = ['src', 'sandbox', 'test', 'bench', 'docs', 'deploy']
      .flatMap((d) => paths(join(root, d)))
      .map((p) => relative(root, p))
      .filter((p) => p.split('/').some((segment) => historyWord.test(segment)));
    expect(named).toEqual([]);
  });

  it('reads process.env only in src/config.ts', () => {
    const readers = files(join(root, 'src'))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(readers).toEqual(['src/config.ts']);
  });
});

/** Every file and folder under `dir`, of any kind. */
function paths(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return e === 'node_modules' ? [] : statSync(p).isDirectory() ? [p, ...paths(p)] : [p];
  });
}
