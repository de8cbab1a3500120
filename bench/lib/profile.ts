/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`): the functions and the files/packages
 * with the most self time, so a missed target can be traced to what the CPU was doing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time in ms, idle excluded. */
  busyMs: number;
  idleMs: number;
  topFunctions: { name: string; ms: number; pct: number }[];
  topFiles: { file: string; ms: number; pct: number }[];
}

const ROOT = /^file:\/\/.*?\/(?=(src|sandbox|bench|test|node_modules)\/)/;

/** Where a frame's code lives: `src/x.ts`, a package name, `node:…`, or `(native)`. */
export function codeOwner(url: string): string {
  if (!url) return '(native)';
  const rel = url.replace(ROOT, '');
  if (rel.startsWith('node_modules/')) {
    const parts = rel.split('/');
    return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] ?? rel);
  }
  return rel;
}

/** Self-time summary of a parsed profile. */
export function summarizeProfile(p: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    if (cf.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const owner = codeOwner(cf.url);
    const name = `${cf.functionName || '(anonymous)'} ${owner}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    files.set(owner, (files.get(owner) ?? 0) + us);
  }
  const pct = (us: number) => (busy > 0 ? Math.round((us / busy) * 1000) / 10 : 0);
  const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    topFunctions: rank(fns).map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: pct(us) })),
    topFiles: rank(files).map(([file, us]) => ({ file, ms: Math.round(us / 1000), pct: pct(us) })),
  };
}

/** Reads and summarises a `.cpuprofile` file. */
export function summarizeProfileFile(path: string, top?: number): ProfileSummary {
  return summarizeProfile(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, top);
}

/**
 * The main-thread profile in a `--cpu-prof-dir`: the loader thread (tsx) writes its own file next to
 * it, so the one with the most busy time is taken.
 */
export function summarizeProfileDir(dir: string, top?: number): ProfileSummary | undefined {
  let best: ProfileSummary | undefined;
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    if (!f.endsWith('.cpuprofile')) continue;
    const s = summarizeProfileFile(join(dir, f), top);
    if (!best || s.busyMs > best.busyMs) best = s;
  }
  return best;
}
