/**
 * Which Zadig version the bot talks to, and whether its calls were checked against it.
 *
 * Zadig v3.4.1 has no endpoint that answers its own version (nor v4.x, v5.0 or main: no route in any
 * `router.go` returns it). The one place the server states it is the `User-Agent` of every HTTP call it
 * makes (`pkg/tool/httpclient/client.go` `New`: `Zadig/<CHART_VERSION>`, plain `Zadig` when the chart
 * sets no version), so also on its workflow webhook deliveries. The bot learns it from those.
 */

/** The versions docs/zadig-compatibility.md covers: every call was read against the v3.4.1 source. */
export const ZADIG_COMPATIBILITY = {
  /** The tag the calls were verified against. */
  verified: '3.4.1',
  /** Lowest covered version (inclusive). */
  from: '3.4.0',
  /** First version not covered (exclusive). */
  below: '3.5.0',
  /** For people: the covered range. */
  range: '3.4.x',
} as const;

/** Whether a version is one the compatibility table covers. */
export type ZadigVersionSupport = 'covered' | 'not-covered' | 'unknown';

/** `Zadig/3.4.1` → `3.4.1`; a bare `Zadig` (no chart version) or anything else → undefined. */
export function zadigVersionFromUserAgent(userAgent: string | undefined): string | undefined {
  const m = /^Zadig\/(v?\d+\.\d+(?:\.\d+)?[0-9A-Za-z.+-]*)$/.exec((userAgent ?? '').trim());
  return m?.[1];
}

function parts(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

/** Where `version` stands against ZADIG_COMPATIBILITY; undefined or unparsable → 'unknown'. */
export function zadigVersionSupport(version: string | undefined): ZadigVersionSupport {
  const v = version ? parts(version) : undefined;
  if (!v) return 'unknown';
  const from = parts(ZADIG_COMPATIBILITY.from) as [number, number, number];
  const below = parts(ZADIG_COMPATIBILITY.below) as [number, number, number];
  return compare(v, from) >= 0 && compare(v, below) < 0 ? 'covered' : 'not-covered';
}

/** A log line about the version: what to log and how loudly. */
export interface ZadigVersionReport {
  level: 'info' | 'warn';
  fields: { zadigVersion: string; covered: string; support: ZadigVersionSupport };
  message: string;
}

/** The log line for a version Zadig announced (or none yet): a warning when the table does not cover it. */
export function zadigVersionReport(version: string | undefined): ZadigVersionReport {
  const support = zadigVersionSupport(version);
  const fields = { zadigVersion: version ?? 'unknown', covered: ZADIG_COMPATIBILITY.range, support };
  if (support === 'covered') return { level: 'info', fields, message: 'Zadig version' };
  if (support === 'not-covered') {
    return {
      level: 'warn',
      fields,
      message: `Zadig ${version} is outside the versions docs/zadig-compatibility.md covers (${ZADIG_COMPATIBILITY.range})`,
    };
  }
  return {
    level: 'info',
    fields,
    message:
      'Zadig version not known yet: Zadig has no version endpoint; it is learned from the User-Agent of its webhook deliveries',
  };
}
