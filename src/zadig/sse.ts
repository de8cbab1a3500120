/**
 * Reader for Zadig's log streams: gin SSE frames `event:message\ndata:<raw line>\n\n` (no space after
 * the colon; one is tolerated). Data is the raw log line, never JSON. Lines split at `\r` by the server
 * end in a literal backslash-r, which is dropped here.
 */

export interface SseReadOptions {
  /** Stop after this many lines (default 200). */
  maxLines?: number;
  /** Aborting ends the iteration quietly and releases the stream. */
  signal?: AbortSignal;
}

/** Value of an SSE field line `name:value`, with one optional leading space removed. */
function fieldValue(line: string, colon: number): string {
  const v = line.slice(colon + 1);
  return v.startsWith(' ') ? v.slice(1) : v;
}

/** The log lines of one frame, or none when the frame is not a `message` event. */
function frameLines(frame: string): string[] {
  let event = 'message';
  const data: string[] = [];
  for (const raw of frame.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : fieldValue(line, colon);
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value.endsWith('\\r') ? value.slice(0, -2) : value);
  }
  return event === 'message' ? data : [];
}

/** Splits the buffer at frame boundaries (blank line, `\n\n` or `\r\n\r\n`); returns frames and the rest. */
function takeFrames(buffer: string): { frames: string[]; rest: string } {
  const frames: string[] = [];
  const boundary = /\r?\n\r?\n/g;
  let start = 0;
  for (let m = boundary.exec(buffer); m !== null; m = boundary.exec(buffer)) {
    frames.push(buffer.slice(start, m.index));
    start = m.index + m[0].length;
  }
  return { frames, rest: buffer.slice(start) };
}

/**
 * Async iterator over the log lines of an SSE body. Ends at EOF, after `maxLines`, or when `signal`
 * aborts; in every case the underlying stream is cancelled so the connection is released.
 */
export async function* readSseLines(
  body: ReadableStream<Uint8Array> | null,
  opts: SseReadOptions = {},
): AsyncGenerator<string, void, undefined> {
  if (!body) return;
  const maxLines = opts.maxLines ?? 200;
  const reader = body.getReader();
  // Stream mode keeps a multi-byte character split across chunks until its last byte arrives.
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let count = 0;
  const stop = () => {
    reader.cancel().catch(() => {});
  };
  const signal = opts.signal;
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (maxLines <= 0 || signal?.aborted) return;
    while (true) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
      if (signal?.aborted) return;
      if (chunk.done) buffer += decoder.decode();
      else buffer += decoder.decode(chunk.value, { stream: true });
      const { frames, rest } = takeFrames(buffer);
      buffer = rest;
      // At EOF a last frame without its blank line still counts.
      if (chunk.done && buffer.trim() !== '') frames.push(buffer);
      for (const frame of frames) {
        for (const line of frameLines(frame)) {
          yield line;
          if (++count >= maxLines || signal?.aborted) return;
        }
      }
      if (chunk.done) return;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}
