// Locks in image references and tags checked with the Docker reference grammar (distribution/reference:
// lower-case path components joined by `.`, `_`, `__` or dashes, an optional registry host[:port], a tag
// of at most 128 word characters, `.` and `-` not starting with `.` or `-`, a digest, a name of at most
// 255 characters), each refusal saying what was wrong; and that a 10,000-character input is answered at
// once (no backtracking blow-up).
import { describe, expect, it } from 'vitest';
import {
  checkImageReference,
  checkImageTag,
  looksLikeImageParam,
} from '../../src/commands/grammar/image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('checkImageReference', () => {
  it.each([
    'nginx',
    'nginx:1.25',
    'library/nginx:latest',
    'registry.demo.local/demo/backend:1.4.2',
    'localhost:5000/a/b:c',
    'localhost/a',
    `reg.example.com:443/x@${DIGEST}`,
    `reg.example.com/x:1.0@${DIGEST}`,
    'a/b_c__d-e.f---g:tag',
    'REG.Example.com/lower/path:Tag_1',
    '[::1]:5000/x:y',
    `r/${'a'.repeat(200)}:${'t'.repeat(128)}`,
  ])('accepts %s', (ref) => {
    expect(checkImageReference(ref)).toBeUndefined();
  });

  it.each([
    ['🚀✨', /letters|characters/],
    ['nginx:🚀✨', /tag/],
    ['Nginx:1', /lower-case/],
    ['demo/Backend:1', /lower-case/],
    ['nginx:', /tag/],
    [':tag', /name/],
    ['a//b', /name/],
    ['a/-b', /name/],
    ['a/b-', /name/],
    ['not an image', /spaces|characters/],
    [`x:${'a'.repeat(129)}`, /128/],
    [`${'a'.repeat(256)}:1`, /255/],
    ['reg.example.com/x@sha256:abc', /digest/],
    ['', /empty/],
  ])('refuses %s', (ref, why) => {
    const problem = checkImageReference(ref);
    expect(problem).toBeDefined();
    expect(problem!.en).toMatch(why);
    expect(problem!.zh.length).toBeGreaterThan(0);
  });

  it('answers at once on long hostile input', () => {
    for (const ref of [
      'a'.repeat(10_000) + '!',
      `${'a-'.repeat(5000)}!`,
      `${'a.'.repeat(60)}${'a'.repeat(100)}!`,
    ]) {
      const t = performance.now();
      expect(checkImageReference(ref)).toBeDefined();
      expect(performance.now() - t).toBeLessThan(50);
    }
    const t = performance.now();
    expect(checkImageReference(`r/${'a_'.repeat(120)}!`)).toBeDefined();
    expect(performance.now() - t).toBeLessThan(50);
  });
});

describe('checkImageTag', () => {
  it.each(['1.4.2', 'latest', '_x', 'v1.0-rc.1', 'A'.repeat(128)])('accepts %s', (tag) => {
    expect(checkImageTag(tag)).toBeUndefined();
  });

  it.each([
    ['.x', /start/],
    ['-x', /start/],
    ['🚀✨', /letters/],
    ['a b', /letters/],
    ['a'.repeat(129), /128/],
    ['a'.repeat(9980), /128/],
    ['', /empty/],
  ])('refuses %s', (tag, why) => {
    expect(checkImageTag(tag)?.en).toMatch(why);
  });
});

describe('looksLikeImageParam', () => {
  it.each([
    [{ name: 'tag', description: '' }, 'tag'],
    [{ name: 'IMAGE_TAG', description: '' }, 'tag'],
    [{ name: 'backend_tag', description: '' }, 'tag'],
    [{ name: 'version', description: 'image tag' }, 'tag'],
    [{ name: 'v', description: '镜像版本' }, 'tag'],
    [{ name: 'image', description: '' }, 'image'],
    [{ name: 'BASE_IMAGE', description: '' }, 'image'],
    [{ name: 'x', description: 'the image to deploy' }, 'image'],
    [{ name: 'mode', description: 'build mode' }, undefined],
    [{ name: 'stage', description: '' }, undefined],
    [{ name: 'message', description: 'tagline for the release' }, undefined],
  ])('%o → %s', (param, kind) => {
    expect(looksLikeImageParam(param)).toBe(kind);
  });
});
