// Locks in that the examples `help` shows work as written against the sandbox Zadig (the one `npm run
// console` starts), in a channel bound to its `demo` project: no example names a workflow, project, env,
// service, container, test, scan, build, version or subscription the sandbox does not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/grammar/command-table.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
const HERE = { conversation: 'C-examples' };

beforeAll(async () => {
  h = await createCoreHarness({ policy: "admins: ['*']\ndefaults:\n  production: ['*']\n" });
  await h.link('alice');
  await h.say('bind demo', HERE);
  // `unsubscribe <workflow>` needs a subscription to remove.
  await h.say('subscribe release-prod', HERE);
});
afterAll(() => h?.close());

/** Replies that mean the example named something that is not there. */
const MISSING =
  /There is no (workflow|project|environment|test|scan|build|version|service|release plan)\b|has no (service|container)\b|not subscribed to/;

const examples = COMMANDS.flatMap((c) => c.examples.map((e) => [c.name, e] as const)).filter(
  ([name, e]) => !e.includes('<') && name !== 'confirm' && name !== 'login',
);

describe('help examples', () => {
  it.each(examples)('%s: %s', async (_name, example) => {
    const text = h.text(await h.say(example, HERE));
    expect(text).not.toMatch(MISSING);
    expect(text).not.toMatch(/Unknown command|needs an environment|Which project\?/);
  });
});
