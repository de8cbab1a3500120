// Locks in that a failure is worded as what happened: Zadig down while looking up which project has a
// workflow is "Zadig is unavailable", never "there is no workflow"; an exception inside the parser is an
// internal error with a ref that is also in the log, never "that command could not be read".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundCommand } from '../../src/commands/types.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness();
  await h.link('alice');
});
afterAll(async () => {
  await h?.close();
});

describe('errors say what happened', () => {
  it('Zadig down while finding the project of a workflow is an outage, not "no such workflow"', async () => {
    // Both projects' workflow lists fail; `pay-deploy` exists (in payments) all along.
    const undo = h.sandbox.fault({ method: 'GET', path: /^\/openapi\/workflows$/, kind: '500' });
    try {
      const text = h.text(await h.say('run pay-deploy'));
      expect(text).toContain('Zadig is unavailable right now');
      expect(text).not.toContain('There is no workflow');
    } finally {
      undo();
    }
    // Once Zadig answers again the same line finds the project (nothing wrong was cached).
    const r = await h.say('run pay-deploy');
    expect(r.watch?.projectKey).toBe('payments');
  });

  it('one project failing while another has the workflow does not guess: it is an outage', async () => {
    // The lists are read again (in Redis and in this process's short-lived copy).
    await h.stores.cache.invalidate('zadig:workflows:demo');
    await h.stores.cache.invalidate('zadig:workflows:payments');
    const undo = h.sandbox.fault({ method: 'GET', path: /^\/openapi\/workflows$/, kind: '500', times: 1 });
    try {
      const before = h.sandbox.tasks('pay-deploy').length;
      const text = h.text(await h.say('run pay-deploy'));
      expect(text).toContain('Zadig is unavailable right now');
      expect(h.sandbox.tasks('pay-deploy')).toHaveLength(before);
    } finally {
      undo();
    }
  });

  it('an exception while parsing is an internal error with a ref, and the ref is in the log', async () => {
    // A line whose conversion to text throws: the parser meets an exception it did not make itself.
    const text = {
      toString(): string {
        throw new Error('parser blew up');
      },
    } as unknown as string;
    const cmd: InboundCommand = {
      platform: 'slack',
      tenant: 'T1',
      conversation: 'C-general',
      isDirect: false,
      actor: { id: 'alice', name: 'alice' },
      text,
      origin: 'text',
    };
    const reply = h.text(await h.core.handle(cmd));
    expect(reply).not.toContain('could not be read');
    const ref = /Internal error \(ref ([0-9a-f]+)\)/.exec(reply)?.[1];
    expect(ref).toBeDefined();
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.ref === ref);
    expect(logged?.msg).toBe('internal error');
    expect(JSON.stringify(logged?.err)).toContain('parser blew up');
  });
});
