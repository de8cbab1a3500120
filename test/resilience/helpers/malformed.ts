/**
 * Malformed inbound requests for the HTTP fuzz: Slack (events, slash commands, interactivity) bodies that
 * are broken JSON, miss fields, carry wrong types, are huge, come with the wrong content type, and are sent
 * signed (with the right secret) and unsigned; plus the generators the Feishu ones share.
 */
import { randomBytes } from 'node:crypto';
import { slackHeaders } from '../../support/slack-signing.js';
import type { Rng } from './fuzz.js';

/** One request to send. */
export interface RawRequest {
  label: string;
  path: '/slack/events' | '/feishu/events';
  headers: Record<string, string>;
  body: string;
}

export interface MalformedKeys {
  signingSecret: string;
  encryptKey: string;
  verificationToken: string;
}

const WEIRD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  '',
  'x',
  true,
  [],
  {},
  [1, 'a'],
  { a: { b: null } },
  'a'.repeat(5000),
  '__proto__',
];
export const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=zz',
  'application/json; charset=utf-16',
  '',
];

/** Text no command starts with, so a reply to it can only be an error. */
export function garbageText(r: Rng): string {
  return `zq${randomBytes(1 + r.int(6)).toString('hex')} ${r.pick(['--project', '"', '=', '', 'x=1', '🚀'])}`;
}

export function weird(r: Rng): unknown {
  return r.pick(WEIRD);
}

/** Breaks an object: drop a key, set one to a weird value, or nest garbage. */
export function mangle(r: Rng, o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(o);
  const keys = Object.keys(out);
  for (let n = 1 + r.int(3); n > 0; n--) {
    const k = r.pick(keys);
    const v = out[k];
    if (r.chance(0.3)) delete out[k];
    else if (v && typeof v === 'object' && !Array.isArray(v) && r.chance(0.6))
      out[k] = mangle(r, v as Record<string, unknown>);
    else out[k] = weird(r);
  }
  if (r.chance(0.1)) out[`x${r.int(9)}`] = weird(r);
  return out;
}

export function brokenJson(r: Rng): string {
  return r.pick([
    '{',
    '{"a":',
    '[1,',
    'nul',
    '{"type":"event_callback"',
    '\u0000\u0001',
    '{}}',
    '"just a string"',
    '12',
    'null',
    '[]',
  ]);
}

export function huge(r: Rng): string {
  return `{"type":"event_callback","pad":"${'x'.repeat(1_100_000 + r.int(1000))}"}`;
}

function slackSlashFields(r: Rng, text: string): Record<string, string> {
  return {
    command: '/zadig',
    text,
    team_id: 'T1',
    channel_id: r.pick(['C-fuzz', 'D-fuzz']),
    channel_name: 'general',
    user_id: `U${r.int(1000)}`,
    user_name: 'fuzzer',
    response_url: 'http://127.0.0.1:1/response/nowhere',
    trigger_id: `trig-${randomBytes(6).toString('hex')}`,
    api_app_id: 'A1',
  };
}

function slackEventObject(r: Rng, text: string): Record<string, unknown> {
  return {
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomBytes(6).toString('hex')}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: r.pick(['app_mention', 'message', 'app_home_opened', 'reaction_added', 'zzz']),
      user: `U${r.int(1000)}`,
      text: `<@UBOT> ${text}`,
      channel: r.pick(['C-fuzz', 'D-fuzz']),
      channel_type: r.pick(['im', 'channel']),
      tab: 'home',
      ts: '1700000000.000100',
    },
  };
}

function slackActionObject(r: Rng, text: string): Record<string, unknown> {
  return {
    type: r.pick(['block_actions', 'view_submission', 'shortcut', 'message_action', 'zzz']),
    user: { id: `U${r.int(1000)}`, name: 'fuzzer', team_id: 'T1' },
    team: { id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trig-${randomBytes(6).toString('hex')}`,
    response_url: 'http://127.0.0.1:1/response/nowhere',
    channel: { id: 'C-fuzz' },
    message: { ts: '1700000000.000100' },
    container: { channel_id: 'C-fuzz', message_ts: '1700000000.000100' },
    actions: [{ action_id: `zcmd-${r.int(9)}`, value: text, type: 'button', block_id: 'b' }],
    view: {
      id: 'V1',
      hash: 'h',
      callback_id: 'zbot_form',
      private_metadata: r.pick(['', '{', '{"cmd":5}']),
      state: { values: {} },
    },
  };
}

function signedSlack(keys: MalformedKeys, r: Rng, body: string, contentType: string): Record<string, string> {
  const h = slackHeaders(keys.signingSecret, body, contentType);
  if (r.chance(0.1)) h['x-slack-request-timestamp'] = r.pick(['abc', '-1', '99999999999999', '']);
  return h;
}

/** One malformed Slack request. */
export function slackRequest(r: Rng, keys: MalformedKeys): RawRequest {
  const signed = r.chance(0.75);
  const k = r.int(7);
  let body: string;
  let type: string;
  let label: string;
  if (k === 0) {
    body = brokenJson(r);
    type = 'application/json';
    label = 'slack broken json';
  } else if (k === 1) {
    const fields = slackSlashFields(r, garbageText(r));
    for (const key of Object.keys(fields)) if (r.chance(0.25)) delete fields[key];
    body = new URLSearchParams(fields).toString();
    type = 'application/x-www-form-urlencoded';
    label = 'slack slash missing fields';
  } else if (k === 2) {
    body = JSON.stringify(mangle(r, slackEventObject(r, garbageText(r))));
    type = 'application/json';
    label = 'slack event wrong types';
  } else if (k === 3) {
    body = new URLSearchParams({
      payload: r.chance(0.2)
        ? brokenJson(r)
        : JSON.stringify(mangle(r, slackActionObject(r, garbageText(r)))),
    }).toString();
    type = 'application/x-www-form-urlencoded';
    label = 'slack interactivity wrong types';
  } else if (k === 4) {
    body = huge(r);
    type = 'application/json';
    label = 'slack huge body';
  } else if (k === 5) {
    body = r.chance(0.5)
      ? JSON.stringify(slackEventObject(r, garbageText(r)))
      : new URLSearchParams(slackSlashFields(r, garbageText(r))).toString();
    type = r.pick(CONTENT_TYPES);
    label = `slack content type "${type}"`;
  } else {
    body = new URLSearchParams(slackSlashFields(r, garbageText(r))).toString();
    type = 'application/x-www-form-urlencoded';
    label = 'slack well-formed slash with garbage text';
  }
  const headers = signed ? signedSlack(keys, r, body, type) : type ? { 'content-type': type } : {};
  if (!signed && r.chance(0.3)) headers['x-slack-signature'] = `v0=${randomBytes(32).toString('hex')}`;
  return { label: `${label}${signed ? ' (signed)' : ' (unsigned)'}`, path: '/slack/events', headers, body };
}
