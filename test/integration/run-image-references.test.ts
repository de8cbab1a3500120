// Locks in that image references are checked with the Docker reference grammar before anything starts:
// `run` refuses a workflow parameter that carries an image tag (`tag=🚀✨`, a 9,980-character tag) with
// what was wrong and what to type, whether typed or submitted from the run form, and starts nothing;
// `set-image` refuses a malformed image at parse time and changes nothing; valid ones go through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
  await h.link('alice');
});
afterAll(() => h?.close());

const writes = () => h.sandbox.requests.filter((q) => q.method !== 'GET').length;

describe('run: image tag parameters', () => {
  it.each([
    ['tag=🚀✨', 'tag=🚀✨', 'may hold only letters, digits'],
    ['a 9,980-character tag', `tag=${'a'.repeat(9980)}`, 'at most 128'],
    ['tag=-rc1', 'tag=-rc1', 'may not start with'],
    ['TAG=a/b', 'TAG=a/b', 'may hold only letters, digits'],
  ])('run build-deploy with %s is refused and starts nothing', async (_label, param, why) => {
    for (const origin of ['text', 'form'] as const) {
      const tasks = h.sandbox.tasks('build-deploy').length;
      const before = writes();
      const r = await h.say(`run build-deploy --project demo ${param}`, { origin });
      const en = h.text(r);
      expect(en).toContain(why);
      expect(en).toContain('`tag`');
      expect(en).toContain('`run build-deploy --project demo tag=1.4.2`');
      expect(h.text(r, 'zh')).toContain('镜像标签');
      expect(h.sandbox.tasks('build-deploy')).toHaveLength(tasks);
      expect(writes()).toBe(before);
    }
  });

  it('a valid tag runs, and reaches the task as typed', async () => {
    const r = await h.say('run build-deploy --project demo tag=1.4.2-rc.1');
    expect(r.watch).toBeDefined();
    const id = r.watch!.taskId;
    expect(h.sandbox.task('build-deploy', id)?.params.tag).toBe('1.4.2-rc.1');
  });

  it('a parameter that is not about images is not checked', async () => {
    const r = await h.say('run build-deploy --project demo mode=full');
    expect(r.watch).toBeDefined();
  });
});

describe('set-image: the image', () => {
  it.each([
    ['🚀✨', 'backend 🚀✨', 'letters, digits'],
    ['an emoji tag', 'backend registry.demo.local/demo/backend:🚀✨', 'image tag'],
    [
      'a 9,980-character tag',
      `backend registry.demo.local/demo/backend:${'a'.repeat(9980)}`,
      'characters long',
    ],
    ['capitals in the path', 'backend registry.demo.local/Demo/Backend:1', 'lower-case'],
    ['spaces', 'backend "not an image"', 'no spaces'],
  ])('set-image with %s is refused before anything is asked of Zadig', async (_label, args, why) => {
    const before = h.sandbox.requests.length;
    const en = h.text(await h.say(`set-image ${args} --env dev --project demo`));
    expect(en).toContain(why);
    expect(en).toContain('Usage: `set-image <service> <image>');
    expect(h.sandbox.requests.length).toBe(before);
  });

  it('a valid image goes through', async () => {
    const text = h.text(
      await h.say('set-image backend registry.demo.local/demo/backend:1.4.2 --env dev --project demo'),
    );
    expect(text).not.toContain('❌');
    expect(text).toContain('registry.demo.local/demo/backend:1.4.2');
  });
});
