/**
 * The platform payload fixtures (test/fixtures/slack, test/fixtures/feishu; each folder's README says
 * where every shape comes from), loaded fresh for each use so a test may adapt ids without touching
 * another test's copy, and the ids they use.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Reads `test/fixtures/<path>` as JSON (a new object on every call). */
export function platformFixture<T = any>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as T;
}

/** A Slack fixture by name (`app_mention.plain` → test/fixtures/slack/app_mention.plain.json). */
export const slackFixture = <T = any>(name: string): T => platformFixture<T>(`slack/${name}.json`);

/** A Feishu fixture by name. */
export const feishuFixture = <T = any>(name: string): T => platformFixture<T>(`feishu/${name}.json`);

/** The ids the Slack fixtures use. */
export const SLACK_IDS = {
  team: 'T0ACME0001',
  bot: 'U0ZADIGBOT',
  alice: 'U0ALICE001',
  channel: 'C0DEPLOYS1',
  dm: 'D0ALICEDM1',
} as const;

/** The ids (and secrets) the Feishu fixtures use. */
export const FEISHU_IDS = {
  bot: 'ou_zadigbot0000000000000000000000b1',
  alice: 'ou_84aad35d084aa403a838cf73ee18a001',
  group: 'oc_5ce6d572455d361153b7xx51da13d001',
  p2p: 'oc_7a9aa4739f81bd2e61108fecbe12p001',
  tenant: '2ca1d211f64f6438',
  verificationToken: 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV',
  /** The Encrypt Key `encrypted.event.json` was made with, and its signed request. */
  encryptKey: 'zadig-test-encrypt-key',
  encryptedEvent: {
    timestamp: '1767225600',
    nonce: 'zbot-nonce-0001',
    signature: 'b0e48bf08cbfbe034131f47e10de81880bee04eb41709280c97b758b6dc0a289',
  },
} as const;
