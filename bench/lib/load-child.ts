/** A bench child generating load (`runLoad`) so the generator never shares a process with its target. */
import { type LoadOptions, runLoad } from '../load.js';
import { serveParent } from './child-serve.js';
import { type SlashSpec, slashRequests } from './slash.js';

serveParent({
  async run(msg) {
    const o = msg as unknown as Omit<LoadOptions, 'makeRequest'> & { slash: SlashSpec };
    return runLoad({
      url: o.url,
      path: o.path,
      connections: o.connections,
      durationMs: o.durationMs,
      ...(o.ratePerSec ? { ratePerSec: o.ratePerSec } : {}),
      ...(o.busyMarker ? { busyMarker: o.busyMarker } : {}),
      makeRequest: slashRequests(o.slash),
    });
  },
});
