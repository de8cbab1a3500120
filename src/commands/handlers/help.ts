/** `help [command]`: usage generated from the command table, in the asker's language (both kept). */
import { helpMessage } from '../help.js';
import { defineHandler } from '../context.js';

export const help = defineHandler('help', async (intent, ctx) => ({
  reply: helpMessage(intent.topic, ctx.locale),
}));
