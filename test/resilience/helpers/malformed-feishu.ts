/**
 * Malformed Feishu requests for the HTTP fuzz: events and card callbacks that are broken JSON, bad or
 * garbage ciphertext, wrong types, huge, with the wrong content type; signed (X-Lark-Signature with the
 * real encrypt key) and unsigned, with the right or a wrong verification token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { feishuEncrypt } from '../../fakes/fake-feishu-api.js';
import type { Rng } from './fuzz.js';
import {
  brokenJson,
  CONTENT_TYPES,
  garbageText,
  huge,
  type MalformedKeys,
  mangle,
  type RawRequest,
  weird,
} from './malformed.js';

function feishuEventObject(r: Rng, token: string, text: string): Record<string, unknown> {
  const type = r.pick([
    'im.message.receive_v1',
    'card.action.trigger',
    'application.bot.menu_v6',
    'zzz.unknown',
  ]);
  return {
    schema: r.pick(['2.0', '2.0', '1.0', 5]),
    header: {
      event_id: randomBytes(8).toString('hex'),
      token,
      create_time: String(Date.now()),
      event_type: type,
      tenant_key: 'tenant-fuzz',
      app_id: 'cli_a1b2c3d4e5f60718',
    },
    event: {
      sender: { sender_id: { open_id: `ou_${r.int(1000)}` }, sender_type: 'user' },
      message: {
        message_id: `om_${randomBytes(4).toString('hex')}`,
        chat_id: 'oc_fuzz',
        chat_type: r.pick(['p2p', 'group', 'topic']),
        message_type: r.pick(['text', 'post', 'image']),
        content: r.chance(0.7)
          ? JSON.stringify({ text })
          : r.pick(['{', '"x"', '{"text":5}', '{"content":"x"}']),
        mentions: r.chance(0.8) ? [] : 'x',
      },
      operator: { open_id: `ou_${r.int(1000)}` },
      action: {
        tag: 'button',
        value: r.pick([{ cmd: text }, { cmd: 5 }, 'x', null, { form: 'run', args: 3 }]),
      },
      context: { open_chat_id: 'oc_fuzz', open_message_id: 'om_card' },
      event_key: r.pick(['', '__proto__', 'constructor', text.replace(/ /g, '__')]),
    },
  };
}

/** Signs a raw Feishu body as X-Lark-Signature does. */
function feishuHeaders(key: string, body: string, contentType: string, r: Rng): Record<string, string> {
  const ts = r.chance(0.1) ? r.pick(['abc', '0', '']) : String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const signature = createHash('sha256')
    .update(ts + nonce + key + body)
    .digest('hex');
  return {
    ...(contentType ? { 'content-type': contentType } : {}),
    'x-lark-request-timestamp': ts,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': signature,
  };
}

/** One malformed Feishu request. */
export function feishuRequest(r: Rng, keys: MalformedKeys): RawRequest {
  const signed = r.chance(0.75);
  const k = r.int(7);
  let body: string;
  let type = 'application/json';
  let label: string;
  const token = r.chance(0.85) ? keys.verificationToken : r.pick(['', 'wrong', 5 as unknown as string]);
  if (k === 0) {
    body = brokenJson(r);
    label = 'feishu broken json';
  } else if (k === 1) {
    body = JSON.stringify({
      encrypt: r.pick(['', 'not base64!', randomBytes(40).toString('base64'), 5, null]),
    });
    label = 'feishu bad ciphertext';
  } else if (k === 2) {
    body = JSON.stringify({
      encrypt: feishuEncrypt(r.chance(0.5) ? brokenJson(r) : JSON.stringify(weird(r)), keys.encryptKey),
    });
    label = 'feishu encrypted garbage';
  } else if (k === 3) {
    body = JSON.stringify({
      encrypt: feishuEncrypt(
        JSON.stringify(mangle(r, feishuEventObject(r, token, garbageText(r)))),
        keys.encryptKey,
      ),
    });
    label = 'feishu event wrong types';
  } else if (k === 4) {
    body = huge(r);
    label = 'feishu huge body';
  } else if (k === 5) {
    body = JSON.stringify({
      encrypt: feishuEncrypt(JSON.stringify(feishuEventObject(r, token, garbageText(r))), keys.encryptKey),
    });
    type = r.pick(CONTENT_TYPES);
    label = `feishu content type "${type}"`;
  } else {
    body = JSON.stringify(
      r.chance(0.5)
        ? mangle(r, feishuEventObject(r, token, garbageText(r)))
        : feishuEventObject(r, token, garbageText(r)),
    );
    label = 'feishu plaintext event';
  }
  const headers = signed
    ? feishuHeaders(keys.encryptKey, body, type, r)
    : type
      ? { 'content-type': type }
      : {};
  return { label: `${label}${signed ? ' (signed)' : ' (unsigned)'}`, path: '/feishu/events', headers, body };
}
