/**
 * The chat platforms' sections of the configuration: each platform is enabled by its own variable
 * (SLACK_BOT_TOKEN, FEISHU_APP_ID) and validated as its own section, a union by mode, so a section that
 * exists is complete — no optional field is left for an adapter to check. src/config.ts reads the
 * environment and calls `readChatSections`; problems are collected with everything else's, each naming
 * its variable.
 */
import { z } from 'zod';

/** Slack, enabled by SLACK_BOT_TOKEN: Socket Mode when SLACK_APP_TOKEN is set, else HTTP (signed requests). */
export type SlackConfig = z.infer<typeof slackSection>;
/** Feishu (Lark), enabled by FEISHU_APP_ID: the long connection (`ws`, default) or the webhook. */
export type FeishuConfig = z.infer<typeof feishuSection>;
/** One configured chat platform; `platform` names its folder under src/bot and its registry entry. */
export type ChatConfig = SlackConfig | FeishuConfig;

const required = (message: string) => z.string({ error: message }).min(1, message);

/** The Slack section: HTTP mode needs the signing secret, Socket Mode an app-level token. */
const slackSection = z.discriminatedUnion('mode', [
  z.object({
    platform: z.literal('slack'),
    mode: z.literal('http'),
    botToken: z.string(),
    apiUrl: z.string(),
    signingSecret: required('SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set (HTTP mode)'),
  }),
  z.object({
    platform: z.literal('slack'),
    mode: z.literal('socket'),
    botToken: z.string(),
    apiUrl: z.string(),
    appToken: z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must be an app-level token (xapp-…)'),
    /** Not needed over the socket; kept when given. */
    signingSecret: z.string().optional(),
  }),
]);

const feishuBase = {
  platform: z.literal('feishu'),
  appId: z.string(),
  appSecret: required('FEISHU_APP_SECRET is required when FEISHU_APP_ID is set'),
  /** `feishu`, `lark` or a base URL. */
  domain: z.string(),
};

/** The Feishu section: webhook mode needs the Encrypt Key and the Verification Token. */
const feishuSection = z.discriminatedUnion('mode', [
  z.object({ ...feishuBase, mode: z.literal('ws') }),
  z.object({
    ...feishuBase,
    mode: z.literal('webhook'),
    encryptKey: required('FEISHU_ENCRYPT_KEY is required when FEISHU_MODE=webhook'),
    verificationToken: required('FEISHU_VERIFICATION_TOKEN is required when FEISHU_MODE=webhook'),
  }),
]);

/** Reads one variable of the environment (trimmed; undefined when unset or blank). */
export type Raw = (name: string) => string | undefined;

/** Validates a section, adding each problem (its message names the variable) to `problems`. */
function section<S extends z.ZodType>(schema: S, input: unknown, problems: string[]): z.infer<S> | undefined {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  for (const issue of r.error.issues) problems.push(issue.message);
  return undefined;
}

/** Variables set for a platform that is not enabled: each is a problem (a forgotten token, most likely). */
function orphans(raw: Raw, names: string[], enabler: string, platform: string, problems: string[]): void {
  for (const k of names) {
    if (raw(k)) problems.push(`${k} is set but ${enabler} is not: set ${enabler} to enable ${platform}`);
  }
}

function readSlack(raw: Raw, problems: string[]): SlackConfig | undefined {
  const botToken = raw('SLACK_BOT_TOKEN');
  if (!botToken) {
    orphans(raw, ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'], 'SLACK_BOT_TOKEN', 'Slack', problems);
    return undefined;
  }
  const apiUrl = raw('SLACK_API_URL') ?? 'https://slack.com/api/';
  if (!/^https?:\/\//.test(apiUrl)) problems.push('SLACK_API_URL must be an http(s) URL');
  const appToken = raw('SLACK_APP_TOKEN');
  const signingSecret = raw('SLACK_SIGNING_SECRET');
  return section(
    slackSection,
    {
      platform: 'slack',
      mode: appToken ? 'socket' : 'http',
      botToken,
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
      ...(appToken ? { appToken } : {}),
      ...(signingSecret ? { signingSecret } : {}),
    },
    problems,
  );
}

function readFeishu(raw: Raw, problems: string[]): FeishuConfig | undefined {
  const appId = raw('FEISHU_APP_ID');
  if (!appId) {
    orphans(
      raw,
      ['FEISHU_APP_SECRET', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN'],
      'FEISHU_APP_ID',
      'Feishu',
      problems,
    );
    return undefined;
  }
  let mode = (raw('FEISHU_MODE') ?? 'ws').toLowerCase();
  if (mode !== 'ws' && mode !== 'webhook') {
    problems.push('FEISHU_MODE must be ws or webhook');
    mode = 'ws'; // still check the rest, so every problem is reported at once
  }
  const domain = raw('FEISHU_DOMAIN') ?? 'feishu';
  if (!['feishu', 'lark'].includes(domain) && !/^https?:\/\//.test(domain)) {
    problems.push('FEISHU_DOMAIN must be feishu, lark or an http(s) base URL');
  }
  return section(
    feishuSection,
    {
      platform: 'feishu',
      mode,
      appId,
      appSecret: raw('FEISHU_APP_SECRET'),
      domain: domain.replace(/\/+$/, ''),
      encryptKey: raw('FEISHU_ENCRYPT_KEY'),
      verificationToken: raw('FEISHU_VERIFICATION_TOKEN'),
    },
    problems,
  );
}

/** The section of `platform`, when it is configured. */
export function chatConfig<P extends ChatConfig['platform']>(
  config: { chat: readonly ChatConfig[] },
  platform: P,
): Extract<ChatConfig, { platform: P }> | undefined {
  return config.chat.find((c): c is Extract<ChatConfig, { platform: P }> => c.platform === platform);
}

/** Every configured platform's section, in registry order. */
export function readChatSections(raw: Raw, problems: string[]): ChatConfig[] {
  return [readSlack(raw, problems), readFeishu(raw, problems)].filter(
    (c): c is ChatConfig => c !== undefined,
  );
}
