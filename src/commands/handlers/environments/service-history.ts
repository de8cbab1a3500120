/**
 * `history <service> --env E [--project P] [--limit N]`: the service's recent revisions in the env,
 * newest first, with who made each and when, and a button that rolls back to the one before the current.
 */
import { revisionHistoryMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { serviceHistory } from './service-revisions.js';

export const serviceHistoryHandler = defineHandler('history', async (intent, ctx) => {
  const { place, revisions } = await serviceHistory(ctx, intent, 'history');
  return { reply: revisionHistoryMessage(place, revisions, intent.limit, ctx.view) };
});
