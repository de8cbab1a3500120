// Locks in that `npm start` compiles only when what it compiles changed: `prestart` runs the
// build-if-changed script, which builds a fresh checkout, skips an unchanged one in well under a second,
// and builds again after a source, tsconfig or lockfile change (or when dist/ was removed).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'build-if-changed.mjs');

/** A small project shaped like this one: src/, sandbox/, the two tsconfigs and a lockfile. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zbot-build-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'sandbox'));
  writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
  writeFileSync(join(dir, 'sandbox', 'index.ts'), 'export const box = "sandbox";\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', outDir: 'dist', rootDir: '.', types: [] },
      include: ['src', 'sandbox'],
    }),
  );
  cpSync(join(root, 'tsconfig.build.json'), join(dir, 'tsconfig.build.json'));
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  return dir;
}

/**
 * A stand-in compiler for the change-detection cases (the real one takes seconds per run on this machine):
 * it "compiles" src/main.ts to dist/src/main.js and fails, as tsc does, on a type error.
 */
function fakeTsc(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zbot-tsc-'));
  dirs.push(dir);
  const file = join(dir, 'tsc.mjs');
  writeFileSync(
    file,
    `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
const src = readFileSync('src/main.ts', 'utf8');
if (src.includes('"forty-two"')) { process.stderr.write('error TS2322\\n'); process.exit(2); }
mkdirSync('dist/src', { recursive: true });
writeFileSync('dist/src/main.js', src.replace(': number', ''));
`,
  );
  return file;
}

async function start(dir: string, tsc = fake): Promise<{ out: string; ms: number }> {
  const t = performance.now();
  const r = await run(process.execPath, [script, '--tsc', tsc], { cwd: dir });
  return { out: r.stdout + r.stderr, ms: performance.now() - t };
}

const realTsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const fake = fakeTsc();

describe('npm start builds only when the sources changed', () => {
  it('is what prestart runs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.prestart).toBe('node scripts/build-if-changed.mjs');
  });

  it('builds a fresh checkout with the real compiler, then skips it while nothing changed', async () => {
    const dir = project();
    dirs.push(dir);
    const first = await start(dir, realTsc);
    expect(first.out).toMatch(/building/i);
    expect(readFileSync(join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('answer = 42');
    const again = await start(dir, realTsc);
    expect(again.out).toMatch(/up to date/i);
    expect(again.ms).toBeLessThan(1500);
  }, 60_000);

  it('rebuilds after a source, lockfile or dist change, and only then', async () => {
    const dir = project();
    dirs.push(dir);
    expect((await start(dir)).out).toMatch(/building/i);

    const again = await start(dir);
    expect(again.out).toMatch(/up to date/i);
    expect(again.ms).toBeLessThan(1500);

    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 43;\n');
    expect((await start(dir)).out).toMatch(/building/i);
    expect(readFileSync(join(dir, 'dist', 'src', 'main.js'), 'utf8')).toContain('43');
    expect((await start(dir)).out).toMatch(/up to date/i);

    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n');
    expect((await start(dir)).out).toMatch(/building/i);

    rmSync(join(dir, 'dist'), { recursive: true });
    expect((await start(dir)).out).toMatch(/building/i);
    expect(existsSync(join(dir, 'dist', 'src', 'main.js'))).toBe(true);
  }, 60_000);

  it('stops npm start when the build fails, and builds again next time', async () => {
    const dir = project();
    dirs.push(dir);
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = "forty-two";\n');
    await expect(start(dir)).rejects.toMatchObject({ code: 2 });
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const answer: number = 42;\n');
    expect((await start(dir)).out).toMatch(/building/i);
  }, 60_000);
});
