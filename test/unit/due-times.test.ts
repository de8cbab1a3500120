// Locks in how the watch queue's lag is measured without a write per poll: a job's due time is known
// only to the process that put it to sleep, and only for the run right after (BullMQ's pick count).
import { describe, expect, it } from 'vitest';
import { DueTimes } from '../../src/jobs/due-times.js';

describe('DueTimes', () => {
  it('gives the due time of the run right after the sleep, once', () => {
    const due = new DueTimes();
    due.sleeping({ id: 'watch-a', attemptsStarted: 3 }, 1000);
    expect(due.picked({ id: 'watch-a', attemptsStarted: 4 })).toBe(1000);
    expect(due.picked({ id: 'watch-a', attemptsStarted: 4 })).toBeUndefined();
    expect(due.size).toBe(0);
  });

  it('ignores a run that is not the next one (another process ran the job in between)', () => {
    const due = new DueTimes();
    due.sleeping({ id: 'watch-b', attemptsStarted: 3 }, 1000);
    expect(due.picked({ id: 'watch-b', attemptsStarted: 6 })).toBeUndefined();
    expect(due.picked({ id: 'watch-c', attemptsStarted: 1 })).toBeUndefined();
  });

  it('forgets old entries of jobs that never came back here', () => {
    const due = new DueTimes();
    due.sleeping({ id: 'gone', attemptsStarted: 1 }, 0);
    for (let i = 0; i < 1000; i++) due.sleeping({ id: `w${i % 10}`, attemptsStarted: i }, 3600_000);
    expect(due.size).toBe(10);
  });
});
