/**
 * Schemas for the code host routes (`code/handler/router.go`): the commits of a branch, as
 * `code/service/commit.go` `CodeHostListCommits` returns `[]*client.Commit` (`code/client/interface.go`).
 */
import { z } from 'zod';
import type { CodehostCommit } from '../types.js';
import { optArr, optNum, optStr } from './common.js';

const commit = z
  .object({ commit_id: optStr, commit_message: optStr, author: optStr, created_at: optNum })
  .transform(
    (r): CodehostCommit => ({
      id: r.commit_id,
      message: r.commit_message,
      author: r.author,
      createdAt: r.created_at,
    }),
  );

/** `GET /api/aslan/code/codehost/:codehostId/commits`: a JSON array (null for a host that lists none). */
export const codehostCommitsSchema = optArr(commit);
