// Locks in what a log line may say about a command's text, on every platform: its command word only
// (after a leading `/zadig` or `/`), and `?` for a first word that could be a pasted token.
import { describe, expect, it } from 'vitest';
import { commandWord } from '../../src/bot/inbound/command-word.js';

describe('commandWord', () => {
  it('keeps command words, in any script, and never the arguments', () => {
    expect(commandWord('login abc.def.secret')).toBe('login');
    expect(commandWord('审批 deploy 1')).toBe('审批');
    expect(commandWord('/zadig Run deploy-dev')).toBe('run');
    expect(commandWord('/status x')).toBe('status');
    expect(commandWord('   ')).toBe('');
  });

  it('hides anything that could be a token, even after /zadig', () => {
    expect(commandWord('eyJhbGciOi.eyJzdWIi.sig')).toBe('?');
    expect(commandWord('eyJhbGciOiJIUzI1NiJ9zbotsecretvalue0123456789')).toBe('?');
    expect(commandWord('/zadig eyJhbGciOiJIUzI1NiJ9')).toBe('?');
    expect(commandWord('abcdefghijklmnopqrstuvwxyz-too-long')).toBe('?');
  });
});
