// Locks in loadConfig: defaults, every problem reported at once with its variable named,
// platform enablement rules, that secret values never appear in error messages, and that `.env` files are
// read with Node's own parser (inline comments are comments, never values).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatConfig, loadConfig, parseDotEnv } from '../../src/config.js';
import { baseEnv as base, problemsOf } from '../support/config-env.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      role: 'all',
      port: 3000,
      zadigUrl: 'https://zadig.example.com',
      redis: { mode: 'standalone', url: 'redis://127.0.0.1:6379' },
      workerLockMs: 8000,
      workerStalledCheckMs: 4000,
      prefix: 'zbot',
      pollIntervalMs: 5000,
      logLevel: 'info',
    });
    expect(c.chat).toEqual([
      {
        platform: 'slack',
        mode: 'http',
        botToken: 'xoxb-1',
        signingSecret: 'sign-secret',
        apiUrl: 'https://slack.com/api/',
      },
    ]);
    expect(chatConfig(c, 'feishu')).toBeUndefined();
  });

  it('reports every problem at once, each naming its variable', () => {
    const problems = problemsOf({ PORT: 'abc', ZBOT_ROLE: 'boss', LOG_LEVEL: 'loud', FEISHU_MODE: 'ws' });
    const text = problems.join('\n');
    for (const name of ['ZADIG_URL', 'ZADIG_TOKEN', 'ZBOT_SECRET_KEY', 'PORT', 'ZBOT_ROLE', 'LOG_LEVEL']) {
      expect(text).toContain(name);
    }
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('requires a chat platform unless the role is worker', () => {
    const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, ...noChat } = base;
    expect(problemsOf(noChat).join()).toMatch(/No chat platform/);
    expect(loadConfig({ ...noChat, ZBOT_ROLE: 'worker' }).role).toBe('worker');
  });

  it('checks Slack and Feishu settings for contradictions', () => {
    expect(problemsOf({ ...base, SLACK_SIGNING_SECRET: '' }).join()).toMatch(
      /SLACK_SIGNING_SECRET is required/,
    );
    expect(problemsOf({ ...base, SLACK_APP_TOKEN: 'xoxb-wrong' }).join()).toMatch(/SLACK_APP_TOKEN/);
    const feishuWebhook = { ...base, FEISHU_APP_ID: 'cli_1', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'webhook' };
    const p = problemsOf(feishuWebhook).join('\n');
    expect(p).toMatch(/FEISHU_ENCRYPT_KEY is required/);
    expect(p).toMatch(/FEISHU_VERIFICATION_TOKEN is required/);
    expect(problemsOf({ ...base, FEISHU_ENCRYPT_KEY: 'x' }).join()).toMatch(/FEISHU_APP_ID is not/);
    const ok = loadConfig({
      ...feishuWebhook,
      FEISHU_ENCRYPT_KEY: 'ek',
      FEISHU_VERIFICATION_TOKEN: 'vt',
      FEISHU_DOMAIN: 'http://127.0.0.1:9999/',
    });
    expect(chatConfig(ok, 'feishu')).toMatchObject({
      mode: 'webhook',
      domain: 'http://127.0.0.1:9999',
      encryptKey: 'ek',
      verificationToken: 'vt',
    });
  });

  it('gives each platform its own section, shaped by its mode', () => {
    const socket = loadConfig({
      ...base,
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: 'xapp-1-A1-x',
      FEISHU_APP_ID: 'cli_1',
      FEISHU_APP_SECRET: 's',
    });
    expect(socket.chat.map((c) => [c.platform, c.mode])).toEqual([
      ['slack', 'socket'],
      ['feishu', 'ws'],
    ]);
    expect(chatConfig(socket, 'slack')).toMatchObject({ appToken: 'xapp-1-A1-x' });
    expect(chatConfig(socket, 'feishu')).not.toHaveProperty('encryptKey');
    // A wrong mode and a missing secret are both reported, not just the first.
    const p = problemsOf({ ...base, FEISHU_APP_ID: 'cli_1', FEISHU_MODE: 'push' }).join('\n');
    expect(p).toMatch(/FEISHU_MODE must be ws or webhook/);
    expect(p).toMatch(/FEISHU_APP_SECRET is required/);
  });

  it('accepts hex and base64 keys and rejects others without echoing them', () => {
    expect(
      loadConfig({ ...base, ZBOT_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey,
    ).toBeTruthy();
    const p = problemsOf({ ...base, ZBOT_SECRET_KEY: 'short-secret-value' }).join();
    expect(p).toMatch(/ZBOT_SECRET_KEY must be 32 bytes/);
    expect(p).not.toContain('short-secret-value');
  });

  it('validates numbers and URLs', () => {
    expect(problemsOf({ ...base, ZADIG_URL: 'zadig.local' }).join()).toMatch(/ZADIG_URL must be an http/);
    expect(problemsOf({ ...base, ZBOT_POLL_INTERVAL_MS: '10' }).join()).toMatch(/ZBOT_POLL_INTERVAL_MS/);
    expect(problemsOf({ ...base, REDIS_URL: 'localhost:6379' }).join()).toMatch(/REDIS_URL/);
    expect(loadConfig({ ...base, PORT: '0', ZBOT_PREFIX: '{zbot}' })).toMatchObject({
      port: 0,
      prefix: '{zbot}',
    });
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=value lines with quotes and comments', () => {
    expect(parseDotEnv('# c\nA=1\nexport B="two words"\nC=x # note\n  D = \'q\'\nbad line')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x',
      D: 'q',
    });
  });

  it('takes a comment after an empty value as a comment, not as the value', () => {
    const env = parseDotEnv(
      'ZBOT_SECRET_KEY=            # openssl rand -hex 32\nZADIG_WEBHOOK_TOKEN=      # enables it\n',
    );
    expect(env.ZBOT_SECRET_KEY).toBe('');
    expect(env.ZADIG_WEBHOOK_TOKEN).toBe('');
    expect(problemsOf({ ...base, ...env, ZBOT_SECRET_KEY: env.ZBOT_SECRET_KEY })).toEqual([
      'ZBOT_SECRET_KEY is required: a 32-byte key as 64 hex chars or base64 (openssl rand -hex 32)',
    ]);
  });

  it('reads .env.example as written: the key is missing, and uncommenting the webhook line enables nothing', () => {
    const example = readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8');
    const env = parseDotEnv(example);
    expect(problemsOf(env)).toContain(
      'ZBOT_SECRET_KEY is required: a 32-byte key as 64 hex chars or base64 (openssl rand -hex 32)',
    );
    const uncommented = parseDotEnv(example.replace(/^# (ZADIG_WEBHOOK_TOKEN=)/m, '$1'));
    expect(uncommented.ZADIG_WEBHOOK_TOKEN).toBe('');
    const c = loadConfig({ ...uncommented, ...base });
    expect(c.zadigWebhookToken).toBeUndefined();
  });
});
