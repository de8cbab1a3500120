// Locks in how Feishu message payloads become command text: text and post extraction, mention
// placeholders (bot removed, people kept by name), and bot-menu keys.
import { describe, expect, it } from 'vitest';
import {
  mentionsBot,
  menuCommandLine,
  messageText,
  stripMentions,
} from '../../src/bot/feishu/feishu-message-text.js';

const BOT = 'ou_bot';
const mentions = [
  { key: '@_user_1', id: { open_id: BOT }, name: 'Zadig' },
  { key: '@_user_2', id: { open_id: 'ou_bob' }, name: 'Bob' },
];

describe('messageText', () => {
  it('reads text messages and post messages (wrapped in a locale or not)', () => {
    expect(messageText('text', JSON.stringify({ text: '@_user_1 run deploy-dev' }))).toBe(
      '@_user_1 run deploy-dev',
    );
    const post = {
      title: 'ignored',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: 'Zadig' },
          { tag: 'text', text: ' logs svc-a ' },
          { tag: 'a', text: '--env', href: 'x' },
        ],
        [
          { tag: 'text', text: 'dev' },
          { tag: 'img', image_key: 'k' },
        ],
      ],
    };
    expect(messageText('post', JSON.stringify(post))).toBe('@_user_1 logs svc-a --env\ndev');
    expect(messageText('post', JSON.stringify({ zh_cn: post }))).toBe('@_user_1 logs svc-a --env\ndev');
  });

  it('ignores other types and malformed content', () => {
    expect(messageText('image', JSON.stringify({ image_key: 'k' }))).toBeUndefined();
    expect(messageText('text', '{not json')).toBeUndefined();
    expect(messageText('text', undefined)).toBeUndefined();
  });
});

describe('mentions', () => {
  it('detects the bot among the mentions', () => {
    expect(mentionsBot(mentions, BOT)).toBe(true);
    expect(mentionsBot([mentions[1]!], BOT)).toBe(false);
    expect(mentionsBot(undefined, BOT)).toBe(false);
  });

  it('removes the bot placeholder and keeps people as @Name', () => {
    expect(stripMentions('@_user_1  approve gate 7 ask @_user_2', mentions, BOT)).toBe(
      'approve gate 7 ask @Bob',
    );
    expect(stripMentions('status @_user_1 deploy-dev', mentions, BOT)).toBe('status deploy-dev');
    // @_user_10 must not be mangled by the @_user_1 entry.
    const many = [...mentions, { key: '@_user_10', id: { open_id: 'ou_x' }, name: 'Xu' }];
    expect(stripMentions('@_user_1 ping @_user_10', many, BOT)).toBe('ping @Xu');
  });

  it('treats a leading placeholder as the bot when the bot id is unknown', () => {
    expect(stripMentions('@_user_1 whoami', mentions, undefined)).toBe('whoami');
  });
});

describe('menuCommandLine', () => {
  it('maps event keys to command lines', () => {
    expect(menuCommandLine('inbox')).toBe('inbox');
    expect(menuCommandLine('my_approvals')).toBe('inbox');
    expect(menuCommandLine('home')).toBe('home');
    expect(menuCommandLine('tasks__deploy-dev')).toBe('tasks deploy-dev');
    expect(menuCommandLine('  ')).toBeUndefined();
    expect(menuCommandLine(undefined)).toBeUndefined();
  });
});
