/**
 * `users [--search X]` (admins by default): Zadig users. Zadig filters by account or by name, one at a
 * time, so a search asks for both and merges them.
 */
import { userListMessage } from '../../../notifications/views/index.js';
import type { ZadigUser } from '../../../zadig/types.js';
import { defineHandler } from '../../context.js';

const PAGE = { pageNum: 1, pageSize: 50 };

export const listUsers = defineHandler('users', async (intent, ctx) => {
  const search = intent.search?.trim();
  if (!search) {
    const { users, total } = await ctx.reader.listUsers(PAGE);
    return { reply: userListMessage(users, total, undefined, ctx.view) };
  }
  const [byAccount, byName] = await Promise.all([
    ctx.reader.listUsers({ ...PAGE, account: search }),
    ctx.reader.listUsers({ ...PAGE, name: search }),
  ]);
  const merged = new Map<string, ZadigUser>();
  for (const u of [...byAccount.users, ...byName.users]) merged.set(u.uid || u.account, u);
  const users = [...merged.values()];
  return { reply: userListMessage(users, users.length, search, ctx.view) };
});
