/**
 * Golden-file helper: compares rendered output with test/fixtures/golden/<path>. With UPDATE_GOLDEN=1
 * it writes missing or changed goldens instead (review the diff before committing).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'golden');

/** Asserts that `actual` equals the golden file at `relPath` (or writes it under UPDATE_GOLDEN=1). */
export function expectGolden(relPath: string, actual: string): void {
  const file = join(GOLDEN_DIR, relPath);
  const exists = existsSync(file);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (!exists || readFileSync(file, 'utf8') !== actual) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
    }
    return;
  }
  if (!exists) throw new Error(`missing golden file ${relPath}; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual, `golden ${relPath}`).toBe(readFileSync(file, 'utf8'));
}
