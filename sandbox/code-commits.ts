/**
 * The code hosts' commit history, as Zadig reads it through `code/service/commit.go`
 * `CodeHostListCommits` → `client.ListCommits` (GitLab `ListCommits`, GitHub `ListCommitsForBranch`):
 * per repo and branch, newest first. Each task that builds a repo takes the branch head; before that,
 * a few commits land on the branch (deterministically, from the task's seed), so two builds of a
 * branch have commits between them, as in a real repo.
 */
import { sha1, toSec } from './ids.js';
import type { RepoRec } from './model.js';

/** `client.Commit`. */
export interface CommitRec {
  id: string;
  message: string;
  author: string;
  /** ms */
  createdAt: number;
}

const AUTHORS = ['Alice Wang', 'Bob Li', 'Carol Zhang'];
const MESSAGES = [
  'fix: handle empty cart',
  'feat: add coupon codes',
  'chore: bump dependencies',
  'fix: retry on 503',
];

function keyOf(codehostId: number, namespace: string, name: string, branch: string): string {
  return `${codehostId}|${namespace}/${name}|${branch}`;
}

/** A commit made from a seed: the same seed always gives the same commit. */
export function seededCommit(seed: string, at: number): CommitRec {
  const id = sha1(seed);
  const n = Number.parseInt(id.slice(0, 4), 16);
  return {
    id,
    message: MESSAGES[n % MESSAGES.length] ?? '',
    author: AUTHORS[n % AUTHORS.length] ?? '',
    createdAt: at,
  };
}

export class CodeCommits {
  readonly #log = new Map<string, CommitRec[]>();

  /**
   * The head a build of `repo` (on its branch) takes for `seed` at `at`: unless that head is already
   * the branch's newest commit, 0–3 commits land first, then the head.
   */
  headFor(repo: RepoRec, seed: string, at: number): CommitRec {
    const key = keyOf(repo.codehostId, repo.namespace, repo.name, repo.branch);
    const head = seededCommit(`${repo.namespace}/${repo.name}@${repo.branch}#${seed}`, at);
    const log = this.#branch(key);
    if (log[0]?.id === head.id) return head;
    const landed = Number.parseInt(head.id.slice(4, 6), 16) % 4;
    for (let i = landed; i >= 1; i--) {
      log.unshift(seededCommit(`${head.id}~${i}`, at - i * 10 * 60_000));
    }
    log.unshift(head);
    return head;
  }

  /** `ListCommits(page, perPage)`: newest first; a branch never built lists its root commit. */
  list(
    repo: { codehostId: number; namespace: string; name: string; branch: string },
    page: number,
    perPage: number,
  ): CommitRec[] {
    const key = keyOf(repo.codehostId, repo.namespace, repo.name, repo.branch);
    const log = this.#log.get(key) ?? [rootCommit(key)];
    const from = Math.max(0, (page - 1) * perPage);
    return log.slice(from, from + perPage);
  }

  #branch(key: string): CommitRec[] {
    let log = this.#log.get(key);
    if (!log) {
      log = [rootCommit(key)];
      this.#log.set(key, log);
    }
    return log;
  }
}

function rootCommit(key: string): CommitRec {
  return { id: sha1(`${key}#root`), message: 'chore: initial commit', author: 'admin', createdAt: 0 };
}

/** A commit as the route returns it (`client.Commit` JSON). */
export function commitJson(c: CommitRec): Record<string, unknown> {
  return { commit_id: c.id, commit_message: c.message, author: c.author, created_at: toSec(c.createdAt) };
}
