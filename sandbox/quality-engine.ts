/**
 * Progression of test and code-scan tasks on virtual time: waiting (1 s), running for the task's
 * duration, then passed, or failed when the test definition has a failing case.
 */
import type { QualityTaskRec } from './model.js';
import type { SandboxState } from './state.js';

const WAIT_MS = 1000;

export function nextQualityEventAt(q: QualityTaskRec): number | undefined {
  if (q.status === 'waiting') return q.phaseAt + WAIT_MS;
  if (q.status === 'running') return q.startTime + q.durationMs;
  return undefined;
}

/** Moves the task on; true when it just reached its terminal status. */
export function processQuality(state: SandboxState, q: QualityTaskRec, now: number): boolean {
  if (q.status === 'waiting' && now >= q.phaseAt + WAIT_MS) {
    q.status = 'running';
    q.startTime = now;
    q.phaseAt = now;
  }
  if (q.status === 'running' && now >= q.startTime + q.durationMs) {
    const def = state.tests.find((t) => t.name === q.name && t.projectKey === q.projectKey);
    q.status = q.kind === 'test' && def?.cases.some((c) => c.failure) ? 'failed' : 'passed';
    q.endTime = now;
    return true;
  }
  return false;
}
