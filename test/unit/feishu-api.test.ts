// Locks in how Feishu SDK answers become errors: resolved `code != 0` and thrown AxiosError-shaped
// failures map to ChatRateLimitedError (230020 per chat, 429/99991400 per app) or ChatApiError.

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { callFeishu, larkDomain, sdkLogger, toChatError } from '../../src/bot/feishu/feishu-api.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { ChatApiError, ChatRateLimitedError } from '../../src/notifications/notifier.js';

const axiosLike = (status: number, data: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), {
    response: { status, data, headers },
  });

describe('feishu error mapping', () => {
  it('resolves code 0 and counts the call', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    await expect(callFeishu('m', async () => ({ code: 0, data: { x: 1 } }), metrics)).resolves.toEqual({
      code: 0,
      data: { x: 1 },
    });
    const counted = await metrics.chatCalls.get();
    expect(counted.values[0]).toMatchObject({
      value: 1,
      labels: { platform: 'feishu', method: 'm', outcome: 'ok' },
    });
  });

  it('maps a resolved business code', async () => {
    const chat = await callFeishu('im.v1.message.create', async () => ({ code: 230020, msg: 'limit' })).catch(
      (e) => e,
    );
    expect(chat).toBeInstanceOf(ChatRateLimitedError);
    expect(chat).toMatchObject({ scope: 'conversation', retryAfterMs: 1000 });
    const other = await callFeishu('im.v1.message.patch', async () => ({ code: 230031, msg: 'x' })).catch(
      (e) => e,
    );
    expect(other).toBeInstanceOf(ChatApiError);
    expect(other).toMatchObject({ code: '230031', method: 'im.v1.message.patch' });
  });

  it('maps thrown HTTP failures', () => {
    const app = toChatError(
      'm',
      axiosLike(429, { code: 99991400, msg: 'freq' }, { 'x-ogw-ratelimit-reset': '7' }),
    );
    expect(app).toBeInstanceOf(ChatRateLimitedError);
    expect(app).toMatchObject({ scope: 'app', retryAfterMs: 7000 });
    const bare429 = toChatError('m', axiosLike(429, 'Too Many Requests'));
    expect(bare429).toMatchObject({ scope: 'app', retryAfterMs: 1000 });
    const server = toChatError('m', axiosLike(502, 'bad gateway'));
    expect(server).toMatchObject({ code: 'HTTP_502', retryable: true });
    const network = toChatError(
      'm',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect(network).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
  });

  it('maps FEISHU_DOMAIN to the SDK domain', () => {
    expect(larkDomain('feishu')).toBe(0);
    expect(larkDomain('lark')).toBe(1);
    expect(larkDomain('http://127.0.0.1:9999/')).toBe('http://127.0.0.1:9999');
  });

  it('logs SDK errors without request bodies and drops SDK debug lines', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger({ level: 'trace', destination });
    const log = sdkLogger(logger);
    log.error([
      { message: 'boom', config: { data: '{"text":"login secret-123"}' } },
      { code: 99991400, msg: 'freq' },
    ]);
    log.debug('[ws] receive message, data: {"text":"login secret-456"}');
    const out = lines.join('');
    expect(out).toContain('boom');
    expect(out).toContain('code=99991400');
    expect(out).not.toContain('secret-123');
    expect(out).not.toContain('secret-456');
  });
});
