/** `registries` (admins by default): the image registries configured in Zadig. Credentials never leave Zadig. */
import { registryListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const listRegistries = defineHandler('registries', async (_intent, ctx) => ({
  reply: registryListMessage(await ctx.reader.listRegistries(), ctx.view),
}));
