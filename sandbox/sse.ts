/**
 * gin-contrib/sse v0.1.0 framing as Zadig emits it (reference §4.10, internals §6): one frame per line,
 * `event:message\ndata:<line>\n\n`, no space after the colon, lines trimmed; a line holding `\r` is split
 * into several frames, each ending in a literal backslash-r.
 */
import type { ServerResponse } from 'node:http';

/** Frames for one log line, exactly as Zadig's producer and encoder write them. */
export function sseFrames(line: string): string[] {
  if (line.includes('\r')) {
    return line
      .split('\r')
      .filter((seg) => seg.length > 0)
      .map((seg) => `event:message\ndata:${seg}\\r\n\n`);
  }
  return [`event:message\ndata:${line.trim()}\n\n`];
}

/** Writes the SSE headers (200, text/event-stream, no-cache). */
export function openSse(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

/** Writes `lines` one frame at a time, letting the socket flush between lines. */
export async function writeLines(res: ServerResponse, lines: string[]): Promise<void> {
  for (const line of lines) {
    if (res.destroyed || res.writableEnded) return;
    for (const frame of sseFrames(line)) res.write(frame);
    await new Promise((r) => setImmediate(r));
  }
}

/** Parses a `tails`/`lines` value the way Zadig does: absent or not an int → 10. */
export function tailCount(raw: string | null | undefined): number {
  if (!raw || !/^\d+$/.test(raw)) return 10;
  return Number.parseInt(raw, 10);
}
