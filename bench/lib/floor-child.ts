/** A bench child serving the ack floor (`startFloorServer`) in its own process. */
import { startFloorServer } from '../slack-floor.js';
import { serveParent } from './child-serve.js';

let server: Awaited<ReturnType<typeof startFloorServer>> | undefined;

serveParent({
  async start(msg) {
    server = await startFloorServer(String(msg.signingSecret));
    return { url: server.url };
  },
  usage() {
    return { cpu: process.cpuUsage(), rss: process.memoryUsage().rss, at: performance.now() };
  },
  async stop() {
    await server?.close();
  },
});
