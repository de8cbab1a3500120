/**
 * Shared state and helpers of the run-input builders: the build context, the service filter, branch
 * overrides, `repo_info` entries and the `missing` reports.
 */
import type { Registry } from './api.js';
import type { RunChoices, WorkflowJob } from './types.js';

/** An input the user must supply (or fix) before the run can be sent. */
export interface MissingInput {
  kind: 'param' | 'env' | 'registry' | 'service' | 'branch' | 'job';
  name: string;
  options?: string[];
  /** English sentence for the user. */
  message: string;
  /** The same sentence in Simplified Chinese. */
  messageZh: string;
}

export type Rec = Record<string, unknown>;
export interface SvcEntry {
  serviceName: string;
  serviceModule: string;
  image: string;
  raw: Rec;
}

/** State shared by the builders of one run request. */
export interface JobContext {
  choices: RunChoices;
  registries: Registry[];
  missing: MissingInput[];
  /** Service filter words that matched some job. */
  matchedServices: Set<string>;
  knownServices: Set<string>;
  /** Branch override keys that were applied, and every key that could have been. */
  usedBranches: Set<string>;
  knownBranchKeys: Set<string>;
  /** Services each build job will build, for deploy jobs that take images `fromjob`. */
  selected: Map<string, SvcEntry[]>;
}

export function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
export function recs(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRec) : [];
}
export function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function svc(r: Rec, image = s(r.image)): SvcEntry {
  return { serviceName: s(r.serviceName), serviceModule: s(r.serviceModule), image, raw: r };
}

export function uniq<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
export const svcKey = (e: { serviceName: string; serviceModule: string }) =>
  `${e.serviceName}/${e.serviceModule}`;

/** Applies the `services` choice (service name or `service/module`, case-insensitive) to a job's entries. */
export function pick<T>(ctx: JobContext, universe: T[], defaults: T[], names: (t: T) => string[]): T[] {
  for (const u of universe) for (const n of names(u).slice(0, 1)) ctx.knownServices.add(n);
  const filter = ctx.choices.services?.filter((f) => f.trim() !== '') ?? [];
  if (filter.length === 0) return defaults;
  return universe.filter((u) => {
    const candidates = names(u).map((n) => n.toLowerCase());
    let hit = false;
    for (const f of filter) {
      if (candidates.includes(f.toLowerCase())) {
        ctx.matchedServices.add(f);
        hit = true;
      }
    }
    return hit;
  });
}

export const svcNames = (e: SvcEntry) => [e.serviceName, svcKey(e)];

/** Branch override for a service or repo, marking the key used. */
export function branchFor(ctx: JobContext, ...keys: string[]): string | undefined {
  const branches = ctx.choices.branches ?? {};
  for (const key of keys) {
    if (!key) continue;
    ctx.knownBranchKeys.add(key);
    const hit = Object.keys(branches).find((k) => k.toLowerCase() === key.toLowerCase());
    if (hit !== undefined) {
      ctx.usedBranches.add(hit);
      return branches[hit];
    }
  }
  return undefined;
}

/**
 * `repo_info` entries. With `all`, every repo is listed (freestyle drops unlisted repos); otherwise only
 * overridden ones. The code host alias is not in workflow definitions: `codehost_name` is used when the
 * server sends it, else the repo `source` (best effort).
 */
export function repoInfo(ctx: JobContext, repos: Rec[], serviceName: string, all: boolean): Rec[] {
  const out: Rec[] = [];
  for (const r of repos) {
    const repoName = s(r.repoName);
    const override = branchFor(ctx, serviceName, repoName);
    if (override === undefined && !all) continue;
    out.push({
      codehostName: s(r.codehostName) || s(r.source),
      repoNamespace: s(r.repoNamespace) || s(r.repoOwner),
      repoName,
      branch: override ?? s(r.branch),
    });
  }
  return out;
}

export function missing(ctx: JobContext, m: MissingInput): void {
  ctx.missing.push(m);
}

export function needImage(ctx: JobContext, job: WorkflowJob, target: string): void {
  missing(ctx, {
    kind: 'service',
    name: target,
    message: `Job ${job.name} has no image configured for ${target}.`,
    messageZh: `任务 ${job.name} 没有为 ${target} 配置镜像。`,
  });
}
