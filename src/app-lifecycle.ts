/**
 * Starting and stopping the app. Start: listen on the one HTTP server, connect the chat platforms (roles
 * bot and all), start the workers (roles worker and all). Stop, gracefully and bounded by a timeout:
 * stop intake (the server answers 503 and closes), let the adapters finish the commands they took on,
 * close the workers (active jobs finish; watches stay in Redis), then quit Redis.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatPlatforms } from './chat-platforms.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { RedisConnection } from './store/redis.js';

/** What the lifecycle starts and stops. */
export interface LifecycleParts {
  config: Config;
  server: Server & { draining: boolean };
  /** Absent in a worker. */
  chat: ChatPlatforms | undefined;
  /** Absent in a bot. */
  workers: { start(): Promise<void> } | undefined;
  closeWorkers(): Promise<void>;
  connections: RedisConnection[];
  logger: Logger;
  /** Logs what an operator should see once the app runs (e.g. the Zadig version it last heard of). */
  announce(): Promise<void>;
}

export function appLifecycle(p: LifecycleParts): {
  start(): Promise<{ port: number }>;
  stop(timeoutMs?: number): Promise<void>;
} {
  const { config, server, logger } = p;
  let stopping: Promise<void> | undefined;

  /** Everything that may take long, in order; the caller bounds it. */
  const graceful = async (closed: Promise<void>) => {
    await p.chat?.stop();
    await closed;
    await p.closeWorkers();
  };

  return {
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      await p.chat?.start();
      await p.workers?.start();
      const platforms = config.chat.map((c) => c.platform);
      logger.info({ port, role: config.role, platforms }, 'zadig-chatops started');
      await p.announce();
      return { port };
    },
    stop(timeoutMs = 10_000) {
      stopping ??= (async () => {
        server.draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections?.();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          graceful(closed).then(() => false),
          new Promise<boolean>((r) => {
            timer = setTimeout(() => r(true), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          logger.warn({ timeoutMs }, 'graceful shutdown timed out; closing connections');
          server.closeAllConnections?.();
        }
        await Promise.allSettled(p.connections.map((c) => c.quit()));
        logger.info('zadig-chatops stopped');
      })();
      return stopping;
    },
  };
}
