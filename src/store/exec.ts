/**
 * Runs an ioredis pipeline or MULTI and fails on the first command error. ioredis reports per-command
 * errors inside the result array (`[err, value]`); ignoring them would hide e.g. WRONGTYPE.
 */
import type { ChainableCommander } from 'ioredis';

/** The replies of every queued command, in order; rejects with the first command error. */
export async function execStrict(batch: ChainableCommander): Promise<unknown[]> {
  const results = await batch.exec();
  if (results === null) throw new Error('redis transaction was aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
