// Locks in the one way a submitted form becomes a command line, on every platform: `name=value` and
// `--flag value` in field order, blank fields left out, every other value read back by the tokenizer
// exactly as typed (quotes, `＝`, runs of spaces, backticks, leading dashes), and the metadata a form
// keeps between being shown and submitted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formCommandLine, formMetadata, readFormMetadata } from '../../src/commands/grammar/form-line.js';
import { tokenize } from '../../src/commands/grammar/tokenize.js';

const form = {
  id: 'run-deploy',
  command: 'run deploy --project demo',
  fields: [{ name: 'branch', flag: 'branch' }, { name: 'env', flag: '--env' }, { name: 'note' }],
};

describe('formMetadata', () => {
  it('names each field by its flag (one form of dashes) or its name, and keeps where it was shown', () => {
    const meta = formMetadata(form, { conversation: 'oc_p2p', direct: true });
    expect(meta).toEqual({
      form: 'run-deploy',
      cmd: 'run deploy --project demo',
      args: ['--branch', '--env', 'note'],
      at: { conversation: 'oc_p2p', direct: true },
    });
    expect(readFormMetadata(JSON.stringify(meta))).toEqual(meta);
    expect(readFormMetadata(meta)).toEqual(meta);
    expect(formMetadata(form, {})).not.toHaveProperty('at');
  });

  it('reads back only a form’s metadata', () => {
    expect(readFormMetadata('not json')).toBeUndefined();
    expect(readFormMetadata({ cmd: 'retry x 1' })).toBeUndefined();
    expect(readFormMetadata({ form: 'f', cmd: 'c', args: [1] })).toBeUndefined();
    expect(readFormMetadata(undefined)).toBeUndefined();
    expect(readFormMetadata({ form: 'f', cmd: 'c', args: [], at: { direct: 'yes', user: 7 } })).toEqual({
      form: 'f',
      cmd: 'c',
      args: [],
    });
  });
});

describe('formCommandLine', () => {
  const meta = formMetadata(form);

  it('appends flags and pairs in field order, leaving blank fields out', () => {
    expect(formCommandLine(meta, ['feat/a b', 'prod', undefined])).toBe(
      'run deploy --project demo --branch "feat/a b" --env prod',
    );
    expect(formCommandLine(meta, ['main', '  ', 'say "hi"'])).toBe(
      'run deploy --project demo --branch main note="say \\"hi\\""',
    );
  });

  it('quotes a full-width ＝ the same way whatever the platform: a literal, never a pair', () => {
    const line = formCommandLine(meta, ['a＝b', undefined, 'x＝y']);
    expect(line).toBe('run deploy --project demo --branch "a＝b" note="x＝y"');
    const words = tokenize(line);
    expect(words.map((w) => w.value).slice(-3)).toEqual(['--branch', 'a＝b', 'note=x＝y']);
  });

  it('writes lines the tokenizer reads back with every value exactly as submitted', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((v) => v.trim() !== ''),
        fc.string({ minLength: 1 }).filter((v) => v.trim() !== ''),
        (branch, note) => {
          const words = tokenize(formCommandLine(meta, [branch, undefined, note])).map((w) => w.value);
          expect(words).toEqual(['run', 'deploy', '--project', 'demo', '--branch', branch, `note=${note}`]);
        },
      ),
    );
  });
});
