/**
 * Real Redis topologies on loopback ports, no Docker: a primary with a replica watched by three
 * sentinels (`redis-server --sentinel`), and a three-master Redis Cluster (slots assigned and nodes
 * introduced with CLUSTER ADDSLOTSRANGE / CLUSTER MEET). Every process is ours, on free ports in its own
 * temporary directory; `destroy` kills exactly those processes and removes the directories.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './private-redis.js';

/** One redis-server (data node or sentinel) we started. */
export interface RedisProc {
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** An admin client that never queues or retries (a dead node answers with an error at once). */
export function adminClient(port: number, password?: string): Redis {
  const r = new Redis(port, '127.0.0.1', {
    ...(password ? { password } : {}),
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  r.on('error', () => undefined);
  return r;
}

/** Runs one command on a fresh admin connection (`auth`: the node's password, if it has one). */
export async function adminCall(
  port: number,
  auth: string | undefined,
  ...args: (string | number)[]
): Promise<unknown> {
  const r = adminClient(port, auth);
  try {
    await r.connect();
    return await r.call(String(args[0]), ...args.slice(1).map(String));
  } finally {
    r.disconnect();
  }
}

/** Starts `redis-server <conf>` (plus `args`) and waits until it answers PING (with `auth`, if set). */
async function startRedisProc(
  dir: string,
  port: number,
  conf: string,
  args: string[] = [],
  auth?: string,
): Promise<RedisProc> {
  const file = join(dir, `redis-${port}.conf`);
  writeFileSync(file, `port ${port}\nbind 127.0.0.1\nprotected-mode no\ndir ${dir}\nsave ""\n${conf}\n`);
  let out = '';
  const child = spawn('redis-server', [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await Promise.race([
      adminCall(port, auth, 'PING').then(
        (r) => r === 'PONG',
        () => false,
      ),
      spawnError.then((e) => {
        throw new Error(`redis-server could not start (apt-get install -y redis-server): ${e.message}`);
      }),
    ]);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`redis-server on ${port} did not answer:\n${out}`);
    }
    await sleep(50);
  }
  return {
    port,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `check` every 100 ms until it is true or `timeoutMs` passed. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Passwords of a topology: the data nodes' `requirepass`, and the sentinels' own. */
export interface TopologyAuth {
  password?: string;
  sentinelPassword?: string;
}

/** A primary, one replica and three sentinels monitoring them as `masterName`. */
export interface SentinelGroup {
  readonly masterName: string;
  readonly sentinelPorts: number[];
  /** The data nodes, the first one started as primary. */
  readonly nodes: RedisProc[];
  /** `REDIS_SENTINELS` for the app. */
  readonly sentinelsEnv: string;
  /** The port the sentinels name as primary now. */
  primaryPort(): Promise<number>;
  /** Waits until a quorum of sentinels names a primary other than `oldPort`; returns its port. */
  waitForNewPrimary(oldPort: number, timeoutMs?: number): Promise<number>;
  destroy(): Promise<void>;
}

/**
 * Starts the group: `down-after-milliseconds` 1000 and `failover-timeout` 5000, so a killed primary is
 * replaced in about two seconds. Resolves once every sentinel knows the replica and its peers.
 */
export async function startSentinelGroup(
  masterName = 'zbot-test',
  auth: TopologyAuth = {},
): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'zbot-sentinel-'));
  const procs: RedisProc[] = [];
  const { password: pw, sentinelPassword: spw } = auth;
  const nodeAuth = pw ? `\nrequirepass ${pw}\nmasterauth ${pw}` : '';
  try {
    const [p1, p2] = [await freePort(), await freePort()];
    const primary = await startRedisProc(dir, p1, `appendonly no${nodeAuth}`, [], pw);
    procs.push(primary);
    const replica = await startRedisProc(
      dir,
      p2,
      `appendonly no${nodeAuth}\nreplicaof 127.0.0.1 ${p1}`,
      [],
      pw,
    );
    procs.push(replica);
    await until(
      'the replica in sync',
      async () => /master_link_status:up/.test(String(await adminCall(p2, pw, 'INFO', 'replication'))),
      10_000,
    );
    const sentinelPorts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = [
        `sentinel monitor ${masterName} 127.0.0.1 ${p1} 2`,
        `sentinel down-after-milliseconds ${masterName} 1000`,
        `sentinel failover-timeout ${masterName} 5000`,
        `sentinel parallel-syncs ${masterName} 1`,
        ...(pw ? [`sentinel auth-pass ${masterName} ${pw}`] : []),
        // A sentinel with a password of its own needs it to talk to its peers too.
        ...(spw ? [`requirepass ${spw}`, `sentinel sentinel-pass ${spw}`] : []),
      ].join('\n');
      procs.push(await startRedisProc(dir, port, conf, ['--sentinel'], spw));
      sentinelPorts.push(port);
    }
    const masterOf = async (port: number) =>
      (await adminCall(port, spw, 'SENTINEL', 'get-master-addr-by-name', masterName)) as
        | [string, string]
        | null;
    await until(
      'the sentinels to know the replica and each other',
      async () => {
        for (const s of sentinelPorts) {
          const info = (await adminCall(s, spw, 'SENTINEL', 'master', masterName)) as string[];
          const field = (k: string) => Number(info[info.indexOf(k) + 1]);
          if (field('num-slaves') < 1 || field('num-other-sentinels') < 2) return false;
        }
        return true;
      },
      20_000,
    );
    const group: SentinelGroup = {
      masterName,
      sentinelPorts,
      nodes: [primary, replica],
      sentinelsEnv: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
      async primaryPort() {
        for (const s of sentinelPorts) {
          const addr = await masterOf(s).catch(() => null);
          if (addr) return Number(addr[1]);
        }
        throw new Error('no sentinel answered');
      },
      async waitForNewPrimary(oldPort, timeoutMs = 20_000) {
        let port = oldPort;
        await until(
          'a new primary',
          async () => {
            const seen = await Promise.all(sentinelPorts.map((s) => masterOf(s).catch(() => null)));
            const moved = seen.filter((a) => a && Number(a[1]) !== oldPort);
            if (moved.length < 2) return false;
            port = Number(moved[0]![1]);
            const role = String(await adminCall(port, pw, 'ROLE'));
            return role.startsWith('master');
          },
          timeoutMs,
        );
        return port;
      },
      async destroy() {
        await Promise.all(procs.map((p) => p.kill()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return group;
  } catch (err) {
    await Promise.all(procs.map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Three masters sharing the 16384 slots. */
export interface RedisClusterProcs {
  readonly ports: number[];
  /** `REDIS_CLUSTER_NODES` for the app (every master as a seed). */
  readonly nodesEnv: string;
  destroy(): Promise<void>;
}

/** Starts three cluster-enabled nodes, assigns a third of the slots to each, and joins them. */
export async function startRedisCluster(auth: { password?: string } = {}): Promise<RedisClusterProcs> {
  const pw = auth.password;
  const dir = mkdtempSync(join(tmpdir(), 'zbot-cluster-'));
  const procs: RedisProc[] = [];
  try {
    const ports: number[] = [];
    const buses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      // The bus port is chosen too: port + 10000 may be past 65535 or taken.
      const bus = await freePort();
      const conf = [
        'appendonly no',
        'cluster-enabled yes',
        `cluster-config-file nodes-${port}.conf`,
        'cluster-node-timeout 2000',
        `cluster-port ${bus}`,
        ...(pw ? [`requirepass ${pw}`, `masterauth ${pw}`] : []),
      ].join('\n');
      procs.push(await startRedisProc(dir, port, conf, [], pw));
      ports.push(port);
      buses.push(bus);
    }
    const ranges = [
      [0, 5460],
      [5461, 10922],
      [10923, 16383],
    ] as const;
    for (const [i, port] of ports.entries()) {
      await adminCall(port, pw, 'CLUSTER', 'ADDSLOTSRANGE', ranges[i]![0], ranges[i]![1]);
    }
    for (let i = 1; i < ports.length; i++) {
      await adminCall(ports[0]!, pw, 'CLUSTER', 'MEET', '127.0.0.1', ports[i]!, buses[i]!);
    }
    await until(
      'cluster_state:ok on every node',
      async () => {
        for (const port of ports) {
          if (!/cluster_state:ok/.test(String(await adminCall(port, pw, 'CLUSTER', 'INFO')))) return false;
          const slots = (await adminCall(port, pw, 'CLUSTER', 'SLOTS')) as unknown[];
          if (slots.length !== 3) return false;
        }
        return true;
      },
      20_000,
    );
    return {
      ports,
      nodesEnv: ports.map((p) => `127.0.0.1:${p}`).join(','),
      async destroy() {
        await Promise.all(procs.map((p) => p.kill()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(procs.map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
