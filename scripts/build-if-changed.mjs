/**
 * `npm start`'s prestart: compiles TypeScript (`tsc -p tsconfig.build.json`) only when what it compiles
 * changed since the last successful build, so a restart takes a moment instead of a full compile, while
 * `npm ci && npm start` on a fresh clone still builds first.
 *
 * "What it compiles" is the content of src/ and sandbox/ (every file), both tsconfigs and the lockfile
 * (which pins the compiler). Their SHA-256 is kept in dist/.build-inputs after a successful build; a
 * missing dist/ or entry point also means "build". Content, not modification times, so a checkout, a
 * `touch` or a clock change neither skips a needed build nor forces a needless one.
 *
 * Usage: node scripts/build-if-changed.mjs [--tsc <path to typescript/bin/tsc>]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = process.cwd();
const INPUT_DIRS = ['src', 'sandbox'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const STAMP = join(root, 'dist', '.build-inputs');
const ENTRY = join(root, 'dist', 'src', 'main.js');

/** Every file under `dir`, sorted, as paths relative to the root. */
function filesUnder(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

/** SHA-256 over the names and contents of every input. */
function inputsHash() {
  const h = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap(filesUnder), ...INPUT_FILES.filter((f) => existsSync(join(root, f)))];
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

const { values } = parseArgs({ options: { tsc: { type: 'string' } } });
const tsc = values.tsc ?? createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');

const hash = inputsHash();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
if (built === hash && existsSync(ENTRY)) {
  process.stdout.write('build is up to date (sources unchanged since the last build)\n');
  process.exit(0);
}
process.stdout.write('building: tsc -p tsconfig.build.json\n');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(STAMP, `${hash}\n`);
