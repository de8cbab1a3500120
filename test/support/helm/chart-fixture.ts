/**
 * The zadig-chatops chart as tests render it: the least a user must set (REQUIRED), and `render` which
 * layers a test's values over it like a second `-f` file (a `null` still reaches the chart and deletes
 * the default there, as in Helm).
 */
import { join } from 'node:path';
import { type RenderedChart, type RenderedDoc, type RenderOptions, renderChart } from '../helm-render.js';
import { type GoMap, isMap } from './go-values.js';
import { findOne } from './kube.js';

/** The chart directory. */
export const CHART = join(import.meta.dirname, '..', '..', '..', 'deploy', 'helm', 'zadig-chatops');
export const KEY = 'ab'.repeat(32);
export const REDIS = 'redis://:redis-pw@redis.example:6379/0';

/** The least a user must set; everything else stays at its default. */
export const REQUIRED: GoMap = {
  zadig: { url: 'https://zadig.example.com', token: 'zadig-bot-token' },
  secretKey: KEY,
  slack: { botToken: 'xoxb-test', signingSecret: 'slack-signing' },
  redis: { url: REDIS },
};

/** Secret values in REQUIRED, which must appear nowhere but in the Secret. */
export const SECRETS = ['zadig-bot-token', KEY, 'xoxb-test', 'slack-signing', 'redis-pw'];

/** Two values files, the second winning; unlike Helm's coalesce, a null is kept for the chart to see. */
export function layer(base: GoMap, top: GoMap): GoMap {
  const out: GoMap = { ...base };
  for (const [k, v] of Object.entries(top))
    out[k] = isMap(v) && isMap(out[k]) ? layer(out[k] as GoMap, v) : v;
  return out;
}

/** Renders the chart with REQUIRED + `values`. */
export function render(values: GoMap = {}, opts: Omit<RenderOptions, 'values'> = {}): RenderedChart {
  return renderChart(CHART, { ...opts, values: layer(REQUIRED, values) });
}

/** The Deployment of a component (`bot` or `worker`), typed loosely for deep reads. */
export function deployment(docs: readonly RenderedDoc[], component: string): any {
  return findOne(docs, 'Deployment', `-${component}`);
}
