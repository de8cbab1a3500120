/**
 * Which Zadig identity a read runs as. A linked person's reads always run with their own token, so
 * Zadig's own permissions decide what they see (the bot's wider token is never used to show them
 * something). Without a link, the bot's token serves only the reads the channel's policy lists in
 * `botReads` (default: names and states — projects, workflows, tasks, status, envs, plans, stats); the
 * rest (vars, logs, events, definitions, users, members, roles, oplog) asks the person to link first.
 * Writes are not decided here (identity.ts, write-guard.ts); background work keeps the bot's token.
 */
import { t } from '../../notifications/message.js';
import type { LinkedIdentity, Scope, Stores } from '../../store/index.js';
import type { ZadigClient, ZadigClientFactory } from '../../zadig/api.js';
import { NotLinkedError } from '../errors.js';
import type { Intent } from '../grammar/intents.js';
import { tagClient } from './client-tag.js';
import { HOW_TO_LINK, openToken } from './identity.js';
import { type ChannelRules, NOT_ZADIG_READS } from './policy.js';
import { botMayRead } from './policy-rules.js';

/** The read a command makes, as `botReads` names it: `status --logs` reads logs. */
export function readKind(intent: Intent): string {
  if (intent.command === 'status' && (intent as { logs?: boolean }).logs) return 'logs';
  return intent.command;
}

/** What choosing a reader needs. */
export interface ReaderInput {
  stores: Stores;
  scope: Scope;
  userId: string;
  /** The person's linked identity as dispatch read it (null: not linked, so there is no token to open). */
  linked: LinkedIdentity | null;
  intent: Intent;
  rules: ChannelRules;
  bot: ZadigClient;
  zadigFor: ZadigClientFactory;
}

/**
 * The client a read command shows data through: the person's own when linked, else the bot's where
 * the policy lets it serve this read.
 * @throws NotLinkedError when the person has not linked and the bot may not serve this read here.
 */
export async function pickReader(input: ReaderInput): Promise<ZadigClient> {
  const kind = readKind(input.intent);
  // Nothing read for them from Zadig (help, login, the bot's own store): no token is opened.
  if ((NOT_ZADIG_READS as readonly string[]).includes(kind)) return input.bot;
  const token = input.linked ? await openToken(input.stores, input.scope, input.userId) : null;
  if (token) return tagClient(input.zadigFor(token), 'user');
  if (botMayRead(input.rules, kind)) return input.bot;
  throw new NotLinkedError(
    t(
      `\`${kind}\` shows what your own Zadig permissions allow, so it reads as you — and you have not linked your Zadig account yet.`,
      `\`${kind}\` 按你本人的 Zadig 权限读取内容，需要以你的身份执行，但你还没有绑定 Zadig 账号。`,
    ),
    HOW_TO_LINK,
  );
}
