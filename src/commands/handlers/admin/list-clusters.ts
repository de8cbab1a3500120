/** `clusters` (admins by default): the clusters connected to Zadig with their status and projects. */
import { clusterListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const listClusters = defineHandler('clusters', async (_intent, ctx) => ({
  reply: clusterListMessage(await ctx.reader.listClusters(), ctx.view),
}));
