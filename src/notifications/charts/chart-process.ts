/**
 * The rendering process: reads one request `{spec, scale}` as JSON on stdin, writes the PNG to stdout
 * and exits. Spawned per render by chart-renderer.ts, so the chart libraries and their memory never
 * stay in the worker.
 */
import { chartPng } from './chart-raster.js';
import type { ChartSpec } from './stats-chart.js';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const req = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { spec: ChartSpec; scale: number };
  const png = chartPng(req.spec, req.scale);
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(png, (err) => (err ? reject(err) : resolve())),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
