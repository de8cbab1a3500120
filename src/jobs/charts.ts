/**
 * Pictures for what the worker posts: a statistics chart is drawn (in a rendering process of its own, see
 * notifications/charts/chart-renderer.ts) and attached to a message as its image. Drawing never stops a
 * message: a chart that cannot be drawn is logged and the message goes out as text, as it did before
 * charts existed.
 */
import type { Logger } from 'pino';
import type { ChartRenderer } from '../notifications/charts/chart-renderer.js';
import { type StatsChartInput, statsChart } from '../notifications/charts/stats-chart.js';
import type { Locale, Message } from '../notifications/message.js';

/** `message` with the chart of `input` as its image; `message` unchanged when there is none to draw or drawing failed. */
export async function withChart(
  message: Message,
  input: StatsChartInput,
  opts: { renderer: ChartRenderer | undefined; locale: Locale; fileName: string; log: Logger },
): Promise<Message> {
  if (!opts.renderer) return message;
  const spec = statsChart(input, opts.locale);
  if (!spec) return message;
  const started = Date.now();
  try {
    const img = await opts.renderer.render(spec);
    opts.log.debug({ ms: Date.now() - started, bytes: img.png.length }, 'chart rendered');
    return { ...message, image: { ...img, alt: spec.alt, fileName: opts.fileName } };
  } catch (err) {
    opts.log.warn({ err: (err as Error).message }, 'chart could not be drawn; sending text only');
    return message;
  }
}

/** `zadig-<kind>-2026-12-06.png`: a file name from the date only (nothing a user typed). */
export function chartFileName(kind: 'stats' | 'digest', nowMs: number): string {
  return `zadig-${kind}-${new Date(nowMs).toISOString().slice(0, 10)}.png`;
}
