/**
 * Reads an app's pino log file after a run: how many warnings and errors it wrote and which messages,
 * so a benchmark that "passed" while the app was failing quietly says so.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface LogSummary {
  warn: number;
  error: number;
  /** Distinct warn/error messages with their counts (at most 5). */
  top: { msg: string; count: number }[];
}

/** Summarises pino JSON lines (level ≥ 40). Missing file → zeros. */
export function summarizeLog(text: string): LogSummary {
  let warn = 0;
  let error = 0;
  const msgs = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let rec: { level?: number; msg?: string };
    try {
      rec = JSON.parse(line) as { level?: number; msg?: string };
    } catch {
      continue;
    }
    const level = rec.level ?? 0;
    if (level < 40) continue;
    if (level >= 50) error++;
    else warn++;
    const msg = String(rec.msg ?? '?');
    msgs.set(msg, (msgs.get(msg) ?? 0) + 1);
  }
  const top = [...msgs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([msg, count]) => ({ msg, count }));
  return { warn, error, top };
}

/** `summarizeLog` of a file. */
export function summarizeLogFile(path: string): LogSummary {
  return summarizeLog(existsSync(path) ? readFileSync(path, 'utf8') : '');
}
