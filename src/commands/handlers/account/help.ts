/** `help [command]`: usage generated from the command table, in the asker's language (both kept). */

import { defineHandler } from '../../context.js';
import { helpMessage } from '../../grammar/help.js';

export const help = defineHandler('help', async (intent, ctx) => ({
  reply: helpMessage(intent.topic, ctx.locale),
}));
