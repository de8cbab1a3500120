// Locks in the deploy files outside the chart: docker-compose.yml (Redis with AOF and a healthcheck, the bot
// configured by interpolation so any Compose v2 takes it with or without .env and a config error does not
// restart forever, a `sandbox` profile reachable from other containers), .dockerignore, the Dockerfile
// (multi-stage, non-root, healthcheck) and the Slack manifests' URLs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

/** Parses YAML strictly: one document, no duplicate keys, no warnings. */
function strictYaml(file: string): any {
  const docs = parseAllDocuments(read(file), { uniqueKeys: true, strict: true });
  expect(docs).toHaveLength(1);
  const doc = docs[0]!;
  expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
  return doc.toJS();
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function dockerfile(): { op: string; args: string }[] {
  const lines = read('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return lines.map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
}

describe('docker-compose.yml', () => {
  const compose = strictYaml('docker-compose.yml');
  const services = compose.services as Record<string, any>;
  const words = (cmd: unknown) => (Array.isArray(cmd) ? cmd.join(' ') : String(cmd ?? ''));

  it('runs Redis with AOF persistence, noeviction, a data volume and a healthcheck', () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:/);
    expect(words(redis.command)).toMatch(/--appendonly yes/);
    expect(words(redis.command)).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
    expect(words(redis.healthcheck.test)).toMatch(/redis-cli.*ping/);
    expect(redis.profiles).toBeUndefined();
  });

  it('starts the bot from the Dockerfile on port 3000 against the compose Redis once it is healthy', () => {
    const bot = services.bot;
    expect(bot.build === '.' || bot.build?.context === '.').toBe(true);
    expect(bot.profiles).toBeUndefined();
    expect(bot.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(bot.ports).toContain('3000:3000');
    expect(bot.depends_on.redis.condition).toBe('service_healthy');
  });

  it('has a sandbox profile with the sandbox Zadig and a console profile with the console, whose entry files exist', () => {
    const inProfile = (p: string) =>
      Object.entries(services).filter(([, s]) => (s.profiles ?? []).includes(p));
    expect(inProfile('sandbox').map(([name]) => name)).toEqual(['sandbox']);
    // The console is interactive: `docker compose --profile sandbox up` (the whole demo) must not start it.
    expect(inProfile('console').map(([name]) => name)).toEqual(['console']);
    for (const [, s] of [...inProfile('sandbox'), ...inProfile('console')]) {
      const entry = words(s.command)
        .split(' ')
        .find((w) => w.endsWith('.ts'));
      expect(entry && existsSync(join(root, entry)), `${entry} exists`).toBe(true);
    }
    expect(services.sandbox.ports).toContain(`${services.sandbox.environment.SANDBOX_PORT}:4100`);
    expect(services.console.stdin_open && services.console.tty).toBe(true);
  });

  it('lets the sandbox listen on every interface of its container, so http://sandbox:4100 answers', () => {
    expect(services.sandbox.environment.SANDBOX_HOST).toBe('0.0.0.0');
    expect(read('sandbox/main.ts')).toMatch(/process\.env\.SANDBOX_HOST \?\? '127\.0\.0\.1'/);
  });

  it('needs no Compose 2.24 features: env_file is absent or plain, so older Compose v2 reads the file', () => {
    for (const [name, s] of Object.entries(services)) {
      const files = s.env_file === undefined ? [] : [s.env_file].flat();
      for (const f of files) expect(typeof f, `${name}.env_file is a plain path`).toBe('string');
    }
  });

  it("hands the bot every variable of the README's configuration table, from .env or the shell", () => {
    const table = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = [...table.matchAll(/^\| ([^|]+)\|/gm)]
      .flatMap((m) => [...m[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((x) => x[1]!))
      .filter((v) => v !== 'REDIS_URL' && v !== 'PORT');
    expect(documented.length).toBeGreaterThan(20);
    const env = services.bot.environment as Record<string, string>;
    for (const v of documented) expect(env[v], v).toBe(`\${${v}:-}`);
  });

  it('stops restarting a bot that exits on a configuration error', () => {
    const policy = String(services.bot.restart ?? 'no');
    expect(policy).toMatch(/^(no|on-failure:\d+)$/);
    expect(Number(/:(\d+)/.exec(policy)?.[1] ?? 0)).toBeLessThanOrEqual(10);
  });
});

describe('.env.example', () => {
  /**
   * How Docker Compose reads an unquoted value of .env (compose-go dotenv/parser.go, extractVarValue):
   * the value starts after the blanks that follow `=`, and is cut at the first " #" — so in `KEY=   # note`
   * the note itself is the value. Node's util.parseEnv reads that line as empty.
   */
  const composeValue = (raw: string) =>
    raw
      .replace(/^[ \t]+/, '')
      .split(' #')[0]!
      .replace(/\s+$/, '');
  /** Every assignment line, and every commented-out one as a person would uncomment it. */
  const assignments = read('.env.example')
    .split(/\r?\n/)
    .map((l) => l.replace(/^#\s?(?=[A-Z][A-Z0-9_]*=)/, ''))
    .filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l));

  it('means the same to npm start (Node) and docker compose: no comment after an empty value', () => {
    expect(assignments.length).toBeGreaterThan(10);
    for (const line of assignments) {
      const key = line.slice(0, line.indexOf('='));
      const node = parseEnv(line)[key] ?? '';
      const raw = line.slice(line.indexOf('=') + 1);
      expect(/^["']/.test(raw.trimStart()) ? node : composeValue(raw), line).toBe(node);
    }
  });
});

describe('.dockerignore', () => {
  const patterns = existsSync(join(root, '.dockerignore'))
    ? read('.dockerignore')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];

  it('keeps dependencies, secrets, history and test output out of the build context', () => {
    for (const p of ['node_modules', '.env', '.git', 'dist', 'coverage', '*.log'])
      expect(patterns).toContain(p);
  });

  it('keeps every file the Dockerfile copies', () => {
    const copied = dockerfile()
      .filter((x) => x.op === 'COPY' && !x.args.startsWith('--from='))
      .flatMap((x) =>
        x.args
          .split(' ')
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    const excluded = (f: string) =>
      patterns.some(
        (p) =>
          !p.startsWith('!') &&
          (p === f || p === `${f.split('/')[0]}` || (p.startsWith('*.') && f.endsWith(p.slice(1)))),
      );
    for (const f of copied) expect(excluded(f), f).toBe(false);
  });
});

describe('Dockerfile', () => {
  const steps = dockerfile();
  const froms = steps.filter((s) => s.op === 'FROM');
  const finalStage = steps.slice(steps.lastIndexOf(froms[froms.length - 1]!));

  it('is multi-stage: the final stage copies the build output from an earlier stage', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const stageNames = froms.map((f) => /\bAS\s+(\S+)/i.exec(f.args)?.[1]).filter(Boolean);
    const copiedFrom = finalStage
      .filter((s) => s.op === 'COPY' && s.args.startsWith('--from='))
      .map((s) => /--from=(\S+)/.exec(s.args)?.[1]);
    expect(copiedFrom.length).toBeGreaterThan(0);
    for (const from of copiedFrom) expect(stageNames.slice(0, -1)).toContain(from);
    const node = Number(/node:(\d+)/.exec(froms[froms.length - 1]!.args)?.[1]);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(node).toBe(Number(/(\d+)/.exec(engines)?.[1]));
  });

  it('runs as a non-root user in the final stage', () => {
    const users = finalStage.filter((s) => s.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]!.args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a HEALTHCHECK on /healthz and exposes 3000', () => {
    const hc = finalStage.find((s) => s.op === 'HEALTHCHECK');
    expect(hc?.args).toMatch(/\/healthz/);
    expect(hc?.args).toMatch(/3000/);
    expect(finalStage.some((s) => s.op === 'EXPOSE' && s.args.split(' ').includes('3000'))).toBe(true);
  });

  it('copies only files that exist and starts the same entry point as npm start', () => {
    for (const s of steps.filter((x) => x.op === 'COPY' && !x.args.startsWith('--from='))) {
      const sources = s.args
        .split(' ')
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const src of sources) expect(existsSync(join(root, src)), `COPY ${src}`).toBe(true);
    }
    const start = JSON.parse(read('package.json')).scripts.start as string;
    const entry = /(dist\/\S+\.js)/.exec(start)?.[1];
    const cmd = finalStage.filter((s) => s.op === 'CMD').pop();
    expect(entry).toBeDefined();
    expect(cmd?.args).toContain(entry!);
  });
});

describe('Slack app manifests', () => {
  const manifests = readdirSync(join(root, 'deploy')).filter((f) => /^slack-app-manifest.*\.yaml$/.test(f));
  const ingressPaths = (
    parseYaml(read('deploy/helm/zadig-chatops/values.yaml')).ingress.paths as { path: string }[]
  ).map((p) => p.path);

  it('both exist and parse', () => {
    expect(manifests.sort()).toEqual(['slack-app-manifest.socket-mode.yaml', 'slack-app-manifest.yaml']);
    for (const f of manifests) expect(strictYaml(`deploy/${f}`).display_information.name).toBeTruthy();
  });

  it('every request URL they name is a path the chart Ingress routes to the bot', () => {
    const urls: string[] = [];
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string' && (key === 'url' || key === 'request_url')) urls.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    for (const f of manifests) walk(strictYaml(`deploy/${f}`));
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(ingressPaths).toContain(new URL(u.replace('<host>', 'host')).pathname);
  });
});
