/**
 * Shows a command's result through a ReplyRoute, the same way on every platform: a form is opened; a
 * click's answer replaces the clicked card when it asks to (else it is posted); a watched card is posted
 * where it can be edited and handed over with its ref; an ephemeral reply goes to the asker only;
 * anything else is posted, and a chart it asks for is handed to the worker to follow it. Throws when the route could not show the answer (the kit then tells the user).
 */
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand } from '../../commands/types.js';
import type { ReplyRoute } from './reply-route.js';
import { handOverChart, handOverWatch, markReplaced, type WatchHandoff } from './watch-handoff.js';

export async function deliver(
  result: CommandResult,
  cmd: InboundCommand,
  route: ReplyRoute,
  h: WatchHandoff,
  log: Logger,
): Promise<void> {
  const { reply } = result;
  if (result.form) return route.openForm(result.form, reply);
  const source = cmd.sourceMessage;
  if (result.replaceSource && source) {
    const placed = await route.replace(source, reply);
    if (placed) {
      if (placed.ref) {
        await markReplaced(placed.ref, h, log);
        await handOverWatch(result, placed.ref, cmd, h, log);
      }
      return;
    }
  }
  if (result.watch) {
    const placed = await route.post(reply, 'card');
    if (placed.ref) await handOverWatch(result, placed.ref, cmd, h, log);
    else log.info('card posted where it cannot be edited; not watched');
    return;
  }
  if (reply.ephemeral) return route.ephemeral(reply, 'reply');
  const placed = await route.post(reply, 'reply');
  await handOverChart(result, placed.ref, cmd, h, log);
}
