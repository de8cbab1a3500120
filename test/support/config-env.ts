/**
 * For the configuration tests: the smallest environment `loadConfig` accepts (Slack enabled) for a test
 * to vary, and the problems it reports for an environment it refuses.
 */
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

export const baseEnv = {
  ZADIG_URL: 'https://zadig.example.com/',
  ZADIG_TOKEN: 'zadig-token-value',
  ZBOT_SECRET_KEY: 'a'.repeat(64),
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'sign-secret',
};

/** The problems `loadConfig` names for `env`; fails the test when it accepts it. */
export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected ConfigError');
}
