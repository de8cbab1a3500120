// Locks in the SSE log reader: gin framing with or without a space after the colon, frames and UTF-8
// characters split across chunks, literal `\r` tails, maxLines, abort, EOF with and without a blank line.
import { describe, expect, it } from 'vitest';
import { readSseLines } from '../../src/zadig/sse.js';

function streamOf(chunks: (string | Uint8Array)[], opts: { hold?: boolean } = {}) {
  let cancelled = false;
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
      if (!opts.hold) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, wasCancelled: () => cancelled };
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of it) out.push(line);
  return out;
}

describe('readSseLines', () => {
  it('reads gin frames, tolerating one space after the colon and ignoring other events', async () => {
    const { stream } = streamOf([
      'event:message\ndata:2024-05-01T10:00:00Z starting server on :8080\n\n',
      'event: message\ndata: GET /healthz 200\n\n',
      'event:ping\ndata:ignored\n\n: a comment\n\n',
      'data:no event line means message\n\n',
    ]);
    expect(await collect(readSseLines(stream))).toEqual([
      '2024-05-01T10:00:00Z starting server on :8080',
      'GET /healthz 200',
      'no event line means message',
    ]);
  });

  it('reassembles frames split anywhere across chunks, including CRLF framing', async () => {
    const text = 'event:message\ndata:one\n\nevent:message\r\ndata:two\r\n\r\nevent:message\ndata:three\n\n';
    const chunks = text.split('').map((c) => c); // one character per chunk
    const { stream } = streamOf(chunks);
    expect(await collect(readSseLines(stream))).toEqual(['one', 'two', 'three']);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('event:message\ndata:部署成功 ✅\n\n');
    const cut1 = 20; // inside 部/署
    const cut2 = bytes.length - 5; // inside ✅
    const { stream } = streamOf([bytes.slice(0, cut1), bytes.slice(cut1, cut2), bytes.slice(cut2)]);
    expect(await collect(readSseLines(stream))).toEqual(['部署成功 ✅']);
  });

  it('drops the literal backslash-r that Zadig appends to \\r-split segments', async () => {
    const { stream } = streamOf([
      'event:message\ndata:progress 10%\\r\n\n',
      'event:message\ndata:progress 20%\\r\n\n',
    ]);
    expect(await collect(readSseLines(stream))).toEqual(['progress 10%', 'progress 20%']);
  });

  it('ends cleanly at EOF, keeping a last frame without its blank line', async () => {
    const { stream } = streamOf(['event:message\ndata:a\n\nevent:message\ndata:b']);
    expect(await collect(readSseLines(stream))).toEqual(['a', 'b']);
    expect(await collect(readSseLines(streamOf([]).stream))).toEqual([]);
    expect(await collect(readSseLines(null))).toEqual([]);
  });

  it('stops after maxLines and releases the stream', async () => {
    const frames = Array.from({ length: 10 }, (_, i) => `event:message\ndata:line ${i}\n\n`);
    const s = streamOf([frames.join('')], { hold: true });
    expect(await collect(readSseLines(s.stream, { maxLines: 3 }))).toEqual(['line 0', 'line 1', 'line 2']);
    expect(s.wasCancelled()).toBe(true);
    expect(await collect(readSseLines(streamOf(frames).stream))).toHaveLength(10);
  });

  it('honours an AbortSignal while waiting for more data, ending quietly', async () => {
    const s = streamOf(['event:message\ndata:first\n\n'], { hold: true });
    const ctrl = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const line of readSseLines(s.stream, { signal: ctrl.signal })) {
        seen.push(line);
        setTimeout(() => ctrl.abort(), 10);
      }
    })();
    await done;
    expect(seen).toEqual(['first']);
    expect(s.wasCancelled()).toBe(true);
    const pre = new AbortController();
    pre.abort();
    expect(await collect(readSseLines(streamOf(['data:x\n\n']).stream, { signal: pre.signal }))).toEqual([]);
  });
});
