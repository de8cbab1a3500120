/**
 * The neutral message model: views build Messages, platform renderers (Slack Block Kit, Feishu card 2.0,
 * console text) turn them into their dialect. Text uses a small markdown subset: **bold**, *italic*,
 * `code`, [text](url), line breaks, and mentions written `<@email:alice@example.com|Alice>` (a person
 * known by email) or `<@user:U123|Alice>` (a platform user id). Renderers turn a mention into the
 * platform's mention when they can resolve it (RenderOptions.mentions: email -> platform user id) and
 * into the plain name otherwise.
 */

export type Platform = 'slack' | 'feishu' | 'console';

/** A message posted on a platform; enough to edit it later. */
export interface MessageRef {
  platform: Platform;
  tenant: string;
  conversation: string;
  /** Slack `ts`, Feishu `message_id`, console sequence number. */
  messageId: string;
  /** Thread root, when the message lives in a thread. */
  threadId?: string;
}

/** Options every renderer accepts. */
export interface RenderOptions {
  /** email -> platform user id, resolved by the notifier before rendering. */
  mentions?: Record<string, string>;
  /** Preferred language for single-language surfaces (Slack, console). Default: message locale or 'en'. */
  locale?: Locale;
}

export type Tone = 'info' | 'running' | 'success' | 'warning' | 'danger';
export type Locale = 'en' | 'zh';

/** Whether `x` names a language the bot speaks (what a button carries back is checked with this). */
export function isLocale(x: unknown): x is Locale {
  return x === 'en' || x === 'zh';
}

/** A piece of text in both languages. Renderers for bilingual surfaces (Feishu i18n) use both. */
export interface I18nText {
  en: string;
  zh: string;
}

export type Text = string | I18nText;

export interface Field {
  label: Text;
  value: Text;
}

export interface ProgressStage {
  name: string;
  status: string;
}

export type Block =
  | { type: 'text'; markdown: Text }
  | { type: 'fields'; fields: Field[] }
  | { type: 'progress'; stages: ProgressStage[] }
  | { type: 'code'; text: string }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'context'; text: Text }
  | { type: 'divider' };

export type Button =
  | {
      kind: 'command';
      label: Text;
      /** A command line that re-enters the parser with the clicker as the actor. */
      command: string;
      style?: 'primary' | 'danger';
      /** Ask before sending (rendered as a confirm dialog). */
      confirm?: Text;
    }
  | { kind: 'link'; label: Text; url: string };

/**
 * A picture sent with a message (a statistics chart): Slack shares it as a file next to the message,
 * Feishu shows it in the card, the console saves it and prints the path. A platform that cannot take it
 * sends the message without it.
 */
export interface MessageImage {
  png: Uint8Array;
  /** Size in device pixels. */
  width: number;
  height: number;
  /** What the picture shows (screen readers, the file's title). */
  alt: string;
  /** e.g. `stats-demo-2026-12-06.png`. */
  fileName: string;
}

export interface Message {
  title?: Text;
  tone?: Tone;
  blocks: Block[];
  /** Plain text for notifications, screen readers and platforms without rich cards. */
  fallbackText: string;
  /** The language the reply was written in (the asking user's preference). */
  locale?: Locale;
  /** Reply visible only to the asker where the platform supports it (Slack ephemeral). */
  ephemeral?: boolean;
  /** A picture that goes with it; a message with no blocks is the picture alone. */
  image?: MessageImage;
}

/** Picks one language from a Text. */
export function textIn(t: Text, locale: Locale): string {
  return typeof t === 'string' ? t : t[locale];
}

/** Builds an I18nText. */
export function t(en: string, zh: string): I18nText {
  return { en, zh };
}
