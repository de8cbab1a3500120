/**
 * What a task changes against what runs now, read through Zadig only: for each service it deploys, the
 * image the target env runs now (`GET /openapi/environments[/production]/:env`, its services' containers)
 * → the image it ships; for each repo it builds, the commit running now → the commit it ships, the pull
 * requests built and the commits in between (the code host's branch list through Zadig,
 * `GET /api/aslan/code/codehost/:id/commits`, newest first).
 *
 * "Running now" for code is the commit of the workflow's last successful task whose deployed image is
 * the one the env runs now (one `listTasks` and one `getTask`): when no such task exists (new service,
 * no history, an image changed outside this workflow) the commit now is unknown and said so — never
 * guessed. Each part fails on its own: a failed env read leaves that env's images unknown, a failed
 * code host call leaves `commitsPending`, and the caller retries later.
 */
import type { ZadigClient } from './api.js';
import type { CodehostCommit, JobRepoInfo, TaskDetail, TaskJob } from './types.js';

/** One commit, its message cut to the first line. */
export interface CommitBrief {
  sha: string;
  message: string;
  author: string;
}

/** A service the task deploys: the image running now → the image it ships. */
export interface ImageChange {
  service: string;
  env: string;
  production: boolean;
  shipping: string;
  /** The image running now; '' when unknown or new. */
  now: string;
  /** `running`: `now` is known and differs; `same`: already running; `new`: not in the env; `unknown`: the env could not be read. */
  state: 'running' | 'same' | 'new' | 'unknown';
}

/** A repo the task builds: the commit running now → the commit it ships. */
export interface RepoChange {
  /** `namespace/name`. */
  repo: string;
  service: string;
  branch: string;
  shipping: CommitBrief;
  /** What runs now; null when unknown (`nowUnknown` says why). */
  now: { branch: string; commit: CommitBrief; taskId: number } | null;
  nowUnknown: '' | 'no-history' | 'not-from-workflow';
  prs: { number: number; url: string }[];
  /** Commits new in this task (newest first, capped); null when not read (unknown now, or the code host failed). */
  between: CommitBrief[] | null;
  /** Commits beyond `between`; -1 when there are more than the code host's page holds. */
  more: number;
  /** Compare link on the code host (now...shipping), '' when its URL form is unknown. */
  compareUrl: string;
  /** The shipping commit on the code host, '' when unknown. */
  commitUrl: string;
}

export interface TaskChanges {
  images: ImageChange[];
  repos: RepoChange[];
  /** A code host call failed or is slow: the commit lists are missing and worth reading again. */
  commitsPending: boolean;
  /** Zadig calls made to read this (for the benchmark). */
  calls: number;
}

export interface TaskChangesOptions {
  /** Commits listed per repo at most; default 5. */
  cap?: number;
  /** Commits read per branch; default 50. */
  perPage?: number;
}

function brief(sha: string, message: string, author: string): CommitBrief {
  return { sha, message: (message.split('\n')[0] ?? '').trim(), author };
}

function fromCodehost(c: CodehostCommit): CommitBrief {
  return brief(c.id, c.message, c.author);
}

/** The code host's web URL of a repo, for the hosts whose URL forms are known. */
function repoWebUrl(r: JobRepoInfo): string {
  if (!/^https?:\/\/[^\s/]+/i.test(r.address)) return '';
  if (!['github', 'gitlab', 'gitee', 'gitee-enterprise'].includes(r.source)) return '';
  const segs = [...r.repoNamespace.split('/'), r.repoName].filter((s) => s !== '');
  if (segs.length < 2) return '';
  return `${r.address.replace(/\/+$/, '')}/${segs.map(encodeURIComponent).join('/')}`;
}

function compareUrl(r: JobRepoInfo, from: string, to: string): string {
  const base = repoWebUrl(r);
  if (!base || !/^[0-9a-f]{7,64}$/i.test(from) || !/^[0-9a-f]{7,64}$/i.test(to)) return '';
  return r.source === 'gitlab' ? `${base}/-/compare/${from}...${to}` : `${base}/compare/${from}...${to}`;
}

function commitUrl(r: JobRepoInfo, sha: string): string {
  const base = repoWebUrl(r);
  if (!base || !/^[0-9a-f]{7,64}$/i.test(sha)) return '';
  return r.source === 'gitlab' ? `${base}/-/commit/${sha}` : `${base}/commit/${sha}`;
}

function prUrl(r: JobRepoInfo, n: number): string {
  const base = repoWebUrl(r);
  if (!base) return '';
  if (r.source === 'gitlab') return `${base}/-/merge_requests/${n}`;
  return r.source === 'github' ? `${base}/pull/${n}` : `${base}/pulls/${n}`;
}

function jobsOf(task: TaskDetail): TaskJob[] {
  return task.stages.flatMap((s) => s.jobs);
}

interface DeployTarget {
  service: string;
  module: string;
  env: string;
  production: boolean;
  image: string;
}

function deploysOf(task: TaskDetail): DeployTarget[] {
  const out: DeployTarget[] = [];
  for (const j of jobsOf(task)) {
    if (!j.env || !j.image || j.approval) continue;
    if (out.some((d) => d.service === j.serviceName && d.env === j.env)) continue;
    out.push({
      service: j.serviceName || j.originName,
      module: j.serviceModule,
      env: j.env,
      production: j.production,
      image: j.image,
    });
  }
  return out;
}

function buildsOf(task: TaskDetail): { service: string; repo: JobRepoInfo }[] {
  const out: { service: string; repo: JobRepoInfo }[] = [];
  for (const j of jobsOf(task)) {
    if (j.env || j.repos.length === 0) continue;
    for (const r of j.repos) {
      if (!r.commitId) continue;
      const service = j.serviceName || j.originName;
      if (
        out.some(
          (o) =>
            o.service === service &&
            o.repo.repoName === r.repoName &&
            o.repo.repoNamespace === r.repoNamespace,
        )
      )
        continue;
      out.push({ service, repo: r });
    }
  }
  return out;
}

/** Reads what `task` changes. Never throws for a failed read: the part is left unknown or pending. */
export async function readTaskChanges(
  zadig: Pick<ZadigClient, 'getEnv' | 'listTasks' | 'getTask' | 'listBranchCommits'>,
  task: TaskDetail,
  opts: TaskChangesOptions = {},
): Promise<TaskChanges> {
  const cap = opts.cap ?? 5;
  const perPage = opts.perPage ?? 50;
  let calls = 0;
  const deploys = deploysOf(task);

  // Images now, one env read per env.
  const envImages = new Map<string, Map<string, { module: string; image: string }[]> | null>();
  await Promise.all(
    [...new Set(deploys.map((d) => `${d.production ? 'p' : 't'}:${d.env}`))].map(async (k) => {
      const production = k.startsWith('p:');
      const env = k.slice(2);
      calls++;
      try {
        const detail = await zadig.getEnv(task.projectKey, env, { production });
        const byService = new Map<string, { module: string; image: string }[]>();
        for (const s of detail.services) {
          byService.set(
            s.serviceName,
            s.containers.map((c) => ({ module: c.name, image: c.image })),
          );
        }
        envImages.set(k, byService);
      } catch {
        envImages.set(k, null);
      }
    }),
  );
  const images: ImageChange[] = deploys.map((d) => {
    const services = envImages.get(`${d.production ? 'p' : 't'}:${d.env}`);
    const base = { service: d.service, env: d.env, production: d.production, shipping: d.image };
    if (services === null || services === undefined) return { ...base, now: '', state: 'unknown' };
    const containers = services.get(d.service);
    if (!containers || containers.length === 0) return { ...base, now: '', state: 'new' };
    const now = (containers.find((c) => c.module === d.module) ?? containers[0])?.image ?? '';
    return { ...base, now, state: now === d.image ? 'same' : 'running' };
  });

  // The last successful task of the workflow: what its builds shipped is what runs now when its
  // deployed image is the one running now.
  const builds = buildsOf(task);
  let previous: TaskDetail | null = null;
  if (builds.length > 0) {
    try {
      calls++;
      const list = await zadig.listTasks(task.projectKey, task.workflowKey, { pageNum: 1, pageSize: 20 });
      const prev = list.tasks.find((t) => t.taskId < task.taskId && t.status === 'passed');
      if (prev) {
        calls++;
        previous = await zadig.getTask(task.workflowKey, prev.taskId);
      }
    } catch {
      previous = null;
    }
  }
  const prevDeploys = previous ? deploysOf(previous) : [];
  const prevBuilds = previous ? buildsOf(previous) : [];

  const repos: RepoChange[] = builds.map(({ service, repo }) => {
    const shipping = brief(repo.commitId, repo.commitMessage, repo.authorName);
    const mine = images.find((i) => i.service === service);
    let nowUnknown: RepoChange['nowUnknown'] = previous ? '' : 'no-history';
    let now: RepoChange['now'] = null;
    const prevRepo = prevBuilds.find(
      (b) =>
        b.service === service &&
        b.repo.repoName === repo.repoName &&
        b.repo.repoNamespace === repo.repoNamespace,
    );
    if (previous && prevRepo) {
      // With a deploy in this task, the previous task counts only if its image is what runs now.
      const prevImage = prevDeploys.find((d) => d.service === service && d.env === mine?.env)?.image;
      const matches = !mine || (mine.now !== '' && prevImage === mine.now);
      if (matches) {
        now = {
          branch: prevRepo.repo.branch,
          commit: brief(prevRepo.repo.commitId, prevRepo.repo.commitMessage, prevRepo.repo.authorName),
          taskId: previous.taskId,
        };
      } else nowUnknown = 'not-from-workflow';
    } else if (previous) nowUnknown = 'no-history';
    return {
      repo: [repo.repoNamespace, repo.repoName].filter((s) => s !== '').join('/'),
      service,
      branch: repo.branch,
      shipping,
      now,
      nowUnknown: now ? '' : nowUnknown,
      prs: repo.prs.map((n) => ({ number: n, url: prUrl(repo, n) })),
      between: null,
      more: 0,
      compareUrl:
        now && now.commit.sha !== shipping.sha ? compareUrl(repo, now.commit.sha, shipping.sha) : '',
      commitUrl: commitUrl(repo, shipping.sha),
    };
  });

  // Commits in between, one branch list per repo.
  let commitsPending = false;
  await Promise.all(
    builds.map(async ({ repo }, i) => {
      const change = repos[i];
      if (!change?.now || repo.codehostId <= 0) return;
      if (change.now.commit.sha === change.shipping.sha) {
        change.between = [];
        return;
      }
      calls++;
      try {
        const list = await zadig.listBranchCommits({
          codehostId: repo.codehostId,
          namespace: repo.repoNamespace,
          repo: repo.repoName,
          branch: repo.branch,
          perPage,
        });
        const from = list.findIndex((c) => c.id === change.shipping.sha);
        if (from < 0) return; // the shipped commit is not on the branch's first page: say nothing
        const to =
          change.now.branch === repo.branch ? list.findIndex((c) => c.id === change.now?.commit.sha) : -1;
        const all = list.slice(from, to < 0 ? undefined : to).map(fromCodehost);
        change.between = all.slice(0, cap);
        change.more = to < 0 ? -1 : all.length - change.between.length;
      } catch {
        commitsPending = true;
      }
    }),
  );
  return { images, repos, commitsPending, calls };
}

/** A read-through cache (the store's `Cache` fits). */
export interface TaskChangesCache {
  getOrLoad<T>(key: string, ttlMs: number | ((value: T) => number), loader: () => Promise<T>): Promise<T>;
}

/** How long a complete read is kept, and a read with a missing commit list (read again after). */
export const CHANGES_TTL_MS = 24 * 3600_000;
export const CHANGES_RETRY_MS = 20_000;

/**
 * What `task` changes, read once per task across processes (cached), waiting at most `waitMs`: null
 * when the read takes longer (it goes on, and a later call finds it cached).
 */
export async function taskChangesWithin(
  zadig: Pick<ZadigClient, 'getEnv' | 'listTasks' | 'getTask' | 'listBranchCommits'>,
  cache: TaskChangesCache,
  task: TaskDetail,
  waitMs: number,
  opts?: TaskChangesOptions & {
    /** Whose read this is when not the bot's (a person's own token): cached apart from the bot's. */
    reader?: string;
  },
): Promise<TaskChanges | null> {
  const who = opts?.reader ? `${encodeURIComponent(opts.reader)}:` : '';
  const load = cache.getOrLoad<TaskChanges>(
    `changes:${who}${task.workflowKey}:${task.taskId}`,
    (v) => (v.commitsPending ? CHANGES_RETRY_MS : CHANGES_TTL_MS),
    () => readTaskChanges(zadig, task, opts),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    return await Promise.race([load.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
