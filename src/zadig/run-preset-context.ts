/**
 * Shared state and helpers of the preset fillers: the choices, what could not be filled (`missing`),
 * the service filter, branch overrides on `types.Repository` records, and what the run will do. The
 * preset is Zadig's own JSON (`models.WorkflowV4`, snake_case) and stays that way: it goes back whole.
 */
import type { RunChoices } from './types.js';

/** An input the user must supply (or fix) before the run can be sent, or why it cannot be sent at all. */
export interface MissingInput {
  /** `job`: the workflow cannot be run from chat as it is (not something a form can fill). */
  kind: 'param' | 'env' | 'service' | 'branch' | 'job';
  name: string;
  options?: string[];
  /** English sentence for the user. */
  message: string;
  /** The same sentence in Simplified Chinese. */
  messageZh: string;
}

export type Rec = Record<string, unknown>;

/** A service (and module) a job will build, test or deploy. */
export interface SvcRef {
  serviceName: string;
  serviceModule: string;
}

/** State shared by the fillers of one preset. */
export interface PresetContext {
  choices: RunChoices;
  missing: MissingInput[];
  /** Service filter words that matched some job, and every service name a job offered. */
  matchedServices: Set<string>;
  knownServices: Set<string>;
  /** Branch override keys that were applied, and every key that could have been. */
  usedBranches: Set<string>;
  knownBranchKeys: Set<string>;
  /** Services each build job will build, for jobs that take them `fromjob`. */
  selected: Map<string, SvcRef[]>;
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

export function uniq<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const svcKey = (e: { service_name?: unknown; service_module?: unknown }) =>
  `${s(e.service_name)}/${s(e.service_module)}`;

/** `service` and `service/module`: the words `--services` may use for an entry. */
export const svcNames = (e: Rec) => [s(e.service_name), svcKey(e)];

/**
 * Applies the `services` choice (case-insensitive names) to a job's entries: with no filter the
 * defaults stay; with one, every entry of `universe` it names. Records what was offered and matched.
 */
export function pick<T>(ctx: PresetContext, universe: T[], defaults: T[], names: (t: T) => string[]): T[] {
  for (const u of universe) for (const n of names(u).slice(0, 1)) if (n) ctx.knownServices.add(n);
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

/** True when the user narrowed the run with `--services`. */
export function filtered(ctx: PresetContext): boolean {
  return (ctx.choices.services ?? []).some((f) => f.trim() !== '');
}

/** Branch override for a service or repo, marking the key used. */
export function branchFor(ctx: PresetContext, ...keys: string[]): string | undefined {
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
 * Sets the branch of each `types.Repository` in `repos` that the user named (by service or repo name).
 * A branch replaces any tag or pull request the preset held, as choosing a branch in the UI does.
 */
export function applyBranches(ctx: PresetContext, repos: Rec[], serviceName = ''): void {
  for (const r of repos) {
    const branch = branchFor(ctx, serviceName, s(r.repo_name));
    if (branch !== undefined) setBranch(r, branch);
  }
}

/** Points a `types.Repository` at `branch` (no tag, no pull requests). */
export function setBranch(repo: Rec, branch: string): void {
  repo.branch = branch;
  repo.tag = '';
  repo.pr = 0;
  repo.prs = [];
}

export function missing(ctx: PresetContext, m: MissingInput): void {
  ctx.missing.push(m);
}

export function needImage(ctx: PresetContext, job: string, target: string): void {
  missing(ctx, {
    kind: 'service',
    name: target,
    message: `Job ${job} has no image for ${target}; chat cannot choose one.`,
    messageZh: `任务 ${job} 没有 ${target} 的镜像，聊天中无法选择镜像。`,
  });
}

/** A job the chat cannot fill faithfully: the run must not start. */
export function cannotRun(ctx: PresetContext, job: string, en: string, zh: string): void {
  missing(ctx, { kind: 'job', name: job, message: en, messageZh: zh });
}
