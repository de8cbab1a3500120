/**
 * The child side of `forkChild`: answers the parent's requests with the given handlers and exits after
 * `stop` (or when the parent goes away, so no benchmark process outlives the run).
 */

export type Handlers = Record<string, (msg: Record<string, unknown>) => Promise<unknown> | unknown>;

/** Serves `handlers`; `stop` runs `handlers.stop` (if any), answers, then exits. */
export function serveParent(handlers: Handlers): void {
  if (!process.send) throw new Error('serveParent: not started by forkChild (no IPC channel)');
  const reply = (m: Record<string, unknown>) => process.send?.(m);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const msg = raw as Record<string, unknown> & { id: number; type: string };
    const handler = handlers[msg.type];
    void (async () => {
      try {
        if (!handler && msg.type !== 'stop') throw new Error(`unknown request ${msg.type}`);
        const value = handler ? await handler(msg) : undefined;
        reply({ id: msg.id, ok: true, value });
      } catch (e) {
        reply({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      if (msg.type === 'stop') setTimeout(() => process.exit(0), 50);
    })();
  });
}
