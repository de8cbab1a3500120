/**
 * What the inbound contract suite asks of each chat platform: a driver that plays the user (types a
 * command, clicks a button on a card the bot posted, fills the form the bot showed) through the real
 * adapter and its transport (signed Slack requests, encrypted Feishu events, console input lines), and
 * reads back everything the user was shown. Scenarios are written once against this interface.
 */
import { Redis } from 'ioredis';
import { replacedCardMarker } from '../../src/bot/inbound/watch-handoff.js';
import type { CommandGate } from '../../src/commands/access/command-gate.js';
import type { InboundCommand, WatchRequest } from '../../src/commands/types.js';
import type { MessageRef } from '../../src/notifications/message.js';
import { DedupeStore, MessageRefStore } from '../../src/store/index.js';
import type { RecordingCore } from './recording-core.js';

/** The dedupe claim an adapter is built with (the DedupeStore in production). */
export interface Claim {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** How the adapter under test is built; anything left out gets the harness default. */
export interface DriverOptions {
  gate?: CommandGate;
  dedupe?: Claim;
  /** Called after a click's answer replaced its card (the app marks the card for the worker). */
  onReplaced?: (card: MessageRef) => Promise<void>;
}

/** A card the bot posted, with one button; clicking it sends `command`. */
export interface PostedCard {
  ref: MessageRef;
  command: string;
}

export interface InboundDriver {
  readonly platform: 'slack' | 'feishu' | 'console';
  readonly core: RecordingCore;
  /** Watch requests handed over, with the ref of the card they keep live. */
  readonly watches: { watch: WatchRequest; ref: MessageRef; cmd: InboundCommand }[];
  /** Every log line (JSON text). */
  readonly logs: string[];
  /** The user types `text` to the bot in a direct conversation. */
  type(text: string): Promise<void>;
  /** The bot posts a card with a button that sends `command`. */
  postCard(command: string): Promise<PostedCard>;
  /** The user clicks the card's button; `twice`: the very same click delivered twice. */
  click(card: PostedCard, o?: { twice?: boolean }): Promise<void>;
  /** The user fills the form the bot showed last (values in field order) and submits it. */
  submitForm(values: string[]): Promise<void>;
  /** The next message the bot sends fails at the platform. */
  failNextDelivery(): void;
  /** Everything the user has been shown so far, as text. */
  seen(): string;
  /** Resolves once the adapter has no work left. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Builds a driver for one platform. */
export type DriverFactory = (o?: DriverOptions) => Promise<InboundDriver>;

/**
 * A Redis client that is down: nothing listens on its port and it neither queues nor retries, so every
 * command fails at once the way a real outage surfaces through ioredis.
 */
export function downRedis(): Redis {
  const redis = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Refused connections are the point here, not news.
  redis.on('error', () => {});
  return redis;
}

/** The production claim (DedupeStore) over Redis that is down. */
export function claimWhileRedisDown(redis: Redis): Claim {
  return new DedupeStore({ redis, prefix: 't-down' });
}

/** The app's "a click's answer replaced this card" step over Redis that is down: it throws, as in a blip. */
export function markReplacedWhileRedisDown(redis: Redis): (card: MessageRef) => Promise<void> {
  return replacedCardMarker(new MessageRefStore({ redis, prefix: 't-down' }));
}

/** The ref a reply shows for an internal error (8 hex digits after "ref"). */
export function refShown(text: string): string | undefined {
  return /ref\W{0,3}([0-9a-f]{8})\b/.exec(text)?.[1];
}
