// Locks in the page on the bot's own Zadig account: it exists and is reached from where a newcomer
// starts (README, .env.example), it says how to create the account and its token, which rights the
// reads and the polling need, and why writes use each person's token; and every route its rights table
// names is one the Zadig client really calls (so the table cannot drift from the code).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');
const page = read('docs/zadig-account.md');

describe('docs/zadig-account.md', () => {
  it('is linked from the README and from .env.example', () => {
    expect(read('README.md')).toContain('(docs/zadig-account.md)');
    expect(read('.env.example')).toContain('docs/zadig-account.md');
  });

  it('covers creating the account and its token, the rights it needs, and why writes are personal', () => {
    const headings = [...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.toLowerCase());
    expect(headings.some((h) => h.includes('creating the account'))).toBe(true);
    expect(headings.some((h) => h.includes('rights'))).toBe(true);
    expect(page).toMatch(/API Token/);
    expect(page).toMatch(/ZADIG_TOKEN/);
    expect(page).toMatch(/login <token>/);
  });

  it('names only routes the Zadig client calls', () => {
    const client = readdirSync(join(root, 'src', 'zadig'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(join('src', 'zadig', f)))
      .join('\n');
    const routes = [...page.matchAll(/`(?:GET|POST|PUT|DELETE|PATCH) (\/[^`]+)`/g)].map((m) => m[1]!);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      // The literal part: up to the first path parameter, optional part or ellipsis.
      const literal = route.split(/[:[…]/)[0]!.replace(/\/$/, '');
      expect(client, route).toContain(literal);
    }
  });
});
