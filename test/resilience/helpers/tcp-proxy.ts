/**
 * A TCP proxy on 127.0.0.1 that a test can cut and restore: `close()` drops every connection and stops
 * listening (the client sees its server vanish), `open()` listens on the same port again. Lets a test
 * take Redis or a chat API away from one app without touching anything others share.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Listens (again) on `port`, forwarding to the target. */
  open(): Promise<void>;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/** A proxy to `targetPort`; listens on `port` (default: a free one) once `open()` is called. */
export async function createTcpProxy(
  targetPort: number,
  opts: { port?: number; open?: boolean } = {},
): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = opts.port ?? 0;

  const open = async () => {
    if (server) return;
    const s = createServer((client) => {
      const upstream = createConnection(targetPort, '127.0.0.1');
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as { port: number }).port;
    server = s;
  };

  const close = async () => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  if (opts.open !== false) await open();
  return {
    get port() {
      return port;
    },
    open,
    close,
  };
}
