/**
 * Change-freeze windows from the policy file (`freezes:`): recurring (weekday and time ranges in a time
 * zone) and one-off (from–to dates), each covering projects and/or envs, with a reason, who may override
 * it (besides admins), and whether rollbacks stay allowed (the default: rolling back is what a freeze is
 * for). Parsed and validated with the rest of the policy (every problem at once, overlapping windows
 * included); evaluated by the write guard (write-guard.ts `freezeWindow`) and shown by `freeze`.
 *
 * Times are wall-clock times in the window's `timezone` (IANA, default UTC), converted with the runtime's
 * time-zone data (Intl), so a window follows its zone's daylight-saving changes.
 */

const DAY_MS = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const KEYS = ['name', 'reason', 'timezone', 'from', 'to', 'days', 'projects', 'envs', 'override', 'rollback'];

/** When a window is in force. */
export type FreezeSchedule =
  /** One-off: from–to, epoch milliseconds. */
  | { kind: 'once'; from: number; to: number }
  /** Every week from a weekday and time to a weekday and time (minutes after midnight). */
  | { kind: 'weekly'; from: { day: number; minute: number }; to: { day: number; minute: number } }
  /** On each of `days`, from a time to a time (a `to` not after `from` ends the next day). */
  | { kind: 'daily'; days: number[]; from: number; to: number };

/** One freeze window, validated. */
export interface FreezeWindow {
  name: string;
  reason: string;
  /** IANA time zone the times are in. */
  timezone: string;
  schedule: FreezeSchedule;
  /** Project keys covered; `*` or empty with envs given: every project. */
  projects: readonly string[];
  /** Env keys covered; `*` or empty: every env of the covered projects. */
  envs: readonly string[];
  /** Who may override besides the admins (user ids, emails, `zadig:<account>`). */
  override: readonly string[];
  /** `rollback` stays allowed during the window (default true). */
  allowRollback: boolean;
}

/** One occurrence of a window: [start, end) in epoch milliseconds. */
export interface FreezeSpan {
  window: FreezeWindow;
  start: number;
  end: number;
}

// ---- time zones ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `ms` in `tz`. */
function wall(ms: number, tz: string): { y: number; m: number; d: number; hh: number; mm: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year ?? 1970,
    m: parts.month ?? 1,
    d: parts.day ?? 1,
    hh: parts.hour ?? 0,
    mm: parts.minute ?? 0,
  };
}

/** Offset of `tz` from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, tz: string): number {
  const w = wall(ms, tz);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm);
  return asUtc - Math.floor(ms / 60_000) * 60_000;
}

/** The instant a wall-clock time in `tz` names (a time skipped by a DST change lands after it). */
export function zonedTime(y: number, m: number, d: number, minute: number, tz: string): number {
  const guess = Date.UTC(y, m - 1, d) + minute * 60_000;
  const first = guess - offsetAt(guess, tz);
  const second = guess - offsetAt(first, tz);
  return second;
}

/** `ms` as `2026-12-07 09:00` in `tz`. */
export function formatZoned(ms: number, tz: string): string {
  const w = wall(ms, tz);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.m)}-${p(w.d)} ${p(w.hh)}:${p(w.mm)}`;
}

/** `ms` in `tz` and, unless `tz` is UTC, in UTC too: `2026-12-07 09:00 Asia/Shanghai (2026-12-07 01:00 UTC)`. */
export function zonedAndUtc(ms: number, tz: string): string {
  const local = `${formatZoned(ms, tz)} ${tz}`;
  return tz === 'UTC' ? local : `${local} (${formatZoned(ms, 'UTC')} UTC)`;
}

/**
 * The windows' occurrences overlapping [from, to), as the worker's freeze notices read them
 * (jobs/freeze-notices.ts `FreezeSpanSource`).
 */
export function freezeSpanSource(windows: readonly FreezeWindow[]) {
  return (from: number, to: number) =>
    windows.flatMap((w) =>
      occurrences(w, from, to).map((s) => ({
        name: w.name,
        reason: w.reason,
        projects: w.projects,
        envs: w.envs,
        allowRollback: w.allowRollback,
        start: s.start,
        end: s.end,
        startsAt: zonedAndUtc(s.start, w.timezone),
        endsAt: zonedAndUtc(s.end, w.timezone),
      })),
    );
}

// ---- occurrences ----

/** Every occurrence of `w` that overlaps [from, to). */
export function occurrences(w: FreezeWindow, from: number, to: number): FreezeSpan[] {
  const s = w.schedule;
  if (s.kind === 'once') return s.to > from && s.from < to ? [{ window: w, start: s.from, end: s.to }] : [];
  const out: FreezeSpan[] = [];
  // Walk the local dates from 8 days before `from` (a weekly window can start a week earlier) to `to`.
  const start = wall(from - 8 * DAY_MS, w.timezone);
  const days = Math.ceil((to - from) / DAY_MS) + 10;
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(start.y, start.m - 1, start.d + i));
    const [y, m, d, wd] = [
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCDay(),
    ];
    let span: [number, number] | undefined;
    if (s.kind === 'daily') {
      if (!s.days.includes(wd)) continue;
      const next = s.to <= s.from ? 1 : 0;
      span = [zonedTime(y, m, d, s.from, w.timezone), zonedTime(y, m, d + next, s.to, w.timezone)];
    } else {
      if (wd !== s.from.day) continue;
      let delta = (s.to.day - s.from.day + 7) % 7;
      if (delta === 0 && s.to.minute <= s.from.minute) delta = 7;
      span = [
        zonedTime(y, m, d, s.from.minute, w.timezone),
        zonedTime(y, m, d + delta, s.to.minute, w.timezone),
      ];
    }
    if (span[1] > from && span[0] < to) out.push({ window: w, start: span[0], end: span[1] });
  }
  return out;
}

/** True when the window covers `env` of `projectKey`. */
export function covers(w: FreezeWindow, projectKey: string, env?: string): boolean {
  const anyProject = w.projects.length === 0 || w.projects.includes('*');
  const anyEnv = w.envs.length === 0 || w.envs.includes('*');
  if (!anyProject && !w.projects.includes(projectKey)) return false;
  if (env === undefined) return true;
  return anyEnv || w.envs.includes(env);
}

/** The windows in force at `now` covering `env` of `projectKey`, the one ending last first. */
export function activeFreezes(
  windows: readonly FreezeWindow[],
  projectKey: string,
  env: string | undefined,
  now: number,
): FreezeSpan[] {
  return windows
    .filter((w) => covers(w, projectKey, env))
    .flatMap((w) => occurrences(w, now, now + 1))
    .filter((s) => s.start <= now && now < s.end)
    .sort((a, b) => b.end - a.end);
}

/** The next occurrences starting after `now` (within `horizonDays`) of windows covering the project. */
export function upcomingFreezes(
  windows: readonly FreezeWindow[],
  projectKey: string,
  now: number,
  horizonDays = 60,
): FreezeSpan[] {
  return windows
    .filter((w) => covers(w, projectKey))
    .map((w) => occurrences(w, now, now + horizonDays * DAY_MS).find((s) => s.start > now))
    .filter((s): s is FreezeSpan => s !== undefined)
    .sort((a, b) => a.start - b.start);
}

// ---- parsing ----

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]([01]?\d|2[0-3]):([0-5]\d))?$/;

function minuteOf(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function weekday(text: string): number | undefined {
  const i = WEEKDAYS.indexOf(text.trim().toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
  return i >= 0 && /^[a-z]+$/i.test(text.trim()) ? i : undefined;
}

/** `fri 18:00` → {day, minute}. */
function dayTime(text: string): { day: number; minute: number } | undefined {
  const [d, tm, ...rest] = text.trim().split(/\s+/);
  if (!d || !tm || rest.length > 0) return undefined;
  const day = weekday(d);
  const minute = minuteOf(tm);
  return day === undefined || minute === undefined ? undefined : { day, minute };
}

/** `mon-fri`, `sat`, `sun` → weekday numbers. */
function dayList(raw: unknown): number[] | undefined {
  const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw.map(String) : undefined;
  if (!items || items.length === 0) return undefined;
  const out = new Set<number>();
  for (const item of items) {
    const [a, b, ...rest] = item.trim().split('-');
    const from = a === undefined ? undefined : weekday(a);
    if (from === undefined || rest.length > 0) return undefined;
    if (b === undefined) {
      out.add(from);
      continue;
    }
    const to = weekday(b);
    if (to === undefined) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return [...out].sort();
}

function strings(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  const items = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(items) || items.some((i) => typeof i !== 'string' && typeof i !== 'number'))
    return undefined;
  return items.map((i) => String(i).trim()).filter((i) => i !== '');
}

/**
 * Validates the policy's `freezes:` list, pushing every problem (with its place) onto `problems`.
 * `now` anchors the overlap check of two recurring windows (their patterns repeat weekly).
 */
export function parseFreezeWindows(raw: unknown, problems: string[], now = Date.now()): FreezeWindow[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(
      'freezes: must be a list of windows (name, reason, from, to, timezone, envs/projects, ...)',
    );
    return [];
  }
  const out: FreezeWindow[] = [];
  const names = new Set<string>();
  raw.forEach((item, i) => {
    const w = parseWindow(item, `freezes[${i}]`, problems);
    if (!w) return;
    if (names.has(w.name)) problems.push(`freezes[${i}]: a second window named "${w.name}"`);
    names.add(w.name);
    out.push(w);
  });
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const clash = overlap(out[i] as FreezeWindow, out[j] as FreezeWindow, now);
      if (clash) problems.push(clash);
    }
  }
  return out;
}

function parseWindow(item: unknown, at: string, problems: string[]): FreezeWindow | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${at}: must be a mapping (name, reason, from, to, timezone, envs/projects, ...)`);
    return undefined;
  }
  const r = item as Record<string, unknown>;
  const before = problems.length;
  for (const k of Object.keys(r))
    if (!KEYS.includes(k)) problems.push(`${at}.${k}: unknown key (known: ${KEYS.join(', ')})`);
  const name = typeof r.name === 'string' && r.name.trim() ? r.name.trim() : undefined;
  if (!name) problems.push(`${at}.name: give the window a name, e.g. "weekend"`);
  const label = name ? `${at} (${name})` : at;
  const reason = typeof r.reason === 'string' ? r.reason.trim() : '';
  if (!reason) problems.push(`${label}.reason: say why changes are frozen (shown to whoever is refused)`);
  const timezone = r.timezone === undefined ? 'UTC' : String(r.timezone);
  if (!isTimeZone(timezone))
    problems.push(`${label}.timezone: "${timezone}" is not an IANA time zone such as Asia/Shanghai or UTC`);
  const projects = strings(r.projects);
  const envs = strings(r.envs);
  const override = strings(r.override);
  if (!projects) problems.push(`${label}.projects: must be a list of project keys`);
  if (!envs) problems.push(`${label}.envs: must be a list of env keys`);
  if (!override) problems.push(`${label}.override: must be a list of user ids, emails or zadig:<account>`);
  if (projects && envs && projects.length === 0 && envs.length === 0) {
    problems.push(
      `${label}: name the envs and/or projects it covers (envs: [prod], projects: [demo], or projects: ["*"])`,
    );
  }
  let allowRollback = true;
  if (r.rollback !== undefined) {
    if (r.rollback === 'allowed' || r.rollback === true) allowRollback = true;
    else if (r.rollback === 'frozen' || r.rollback === false) allowRollback = false;
    else problems.push(`${label}.rollback: "allowed" (the default) or "frozen"`);
  }
  const schedule = isTimeZone(timezone) ? parseSchedule(r, label, timezone, problems) : undefined;
  if (problems.length > before || !schedule || !name) return undefined;
  return {
    name,
    reason,
    timezone,
    schedule,
    projects: projects ?? [],
    envs: envs ?? [],
    override: (override ?? []).map((u) => (u.includes('@') ? u.toLowerCase() : u)),
    allowRollback,
  };
}

function parseSchedule(
  r: Record<string, unknown>,
  label: string,
  tz: string,
  problems: string[],
): FreezeSchedule | undefined {
  const from =
    typeof r.from === 'string'
      ? r.from.trim()
      : r.from instanceof Date
        ? r.from.toISOString().slice(0, 16)
        : '';
  const to =
    typeof r.to === 'string' ? r.to.trim() : r.to instanceof Date ? r.to.toISOString().slice(0, 16) : '';
  const shapes =
    'from/to as dates ("2026-12-24 18:00"), as weekday and time ("fri 18:00"), or as times ("22:00") with days: [mon-fri]';
  if (!from || !to) {
    problems.push(`${label}: needs from and to: ${shapes}`);
    return undefined;
  }
  const df = DATE.exec(from);
  const dt = DATE.exec(to);
  if (df || dt) {
    if (!df || !dt) {
      problems.push(
        `${label}: from "${from}" and to "${to}" must both be dates (YYYY-MM-DD or YYYY-MM-DD HH:MM)`,
      );
      return undefined;
    }
    if (r.days !== undefined) problems.push(`${label}.days: a one-off window (dates) takes no days`);
    const at = (m: RegExpExecArray) => {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const check = new Date(Date.UTC(y, mo - 1, d));
      if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
      return zonedTime(y, mo, d, m[4] === undefined ? 0 : Number(m[4]) * 60 + Number(m[5]), tz);
    };
    const a = at(df);
    const b = at(dt);
    if (a === undefined) problems.push(`${label}.from: "${from}" is not a calendar date`);
    if (b === undefined) problems.push(`${label}.to: "${to}" is not a calendar date`);
    if (a === undefined || b === undefined) return undefined;
    if (b <= a) {
      problems.push(`${label}: to (${to}) must be after from (${from})`);
      return undefined;
    }
    return { kind: 'once', from: a, to: b };
  }
  if (r.days !== undefined) {
    const days = dayList(r.days);
    const a = minuteOf(from);
    const b = minuteOf(to);
    if (!days) problems.push(`${label}.days: weekdays such as [mon, tue] or [mon-fri]`);
    if (a === undefined)
      problems.push(`${label}.from: "${from}" is not a time HH:MM (with days, from and to are times)`);
    if (b === undefined)
      problems.push(`${label}.to: "${to}" is not a time HH:MM (with days, from and to are times)`);
    if (!days || a === undefined || b === undefined) return undefined;
    if (a === b) {
      problems.push(
        `${label}: from and to are the same time: the window would last a whole day (say so with from "00:00", to "23:59")`,
      );
      return undefined;
    }
    return { kind: 'daily', days, from: a, to: b };
  }
  const a = dayTime(from);
  const b = dayTime(to);
  if (!a) problems.push(`${label}.from: "${from}" is not a weekday and time such as "fri 18:00" (${shapes})`);
  if (!b) problems.push(`${label}.to: "${to}" is not a weekday and time such as "mon 09:00" (${shapes})`);
  if (!a || !b) return undefined;
  if (a.day === b.day && a.minute === b.minute) {
    problems.push(`${label}: from and to are the same moment of the week`);
    return undefined;
  }
  return { kind: 'weekly', from: a, to: b };
}

/** May two windows cover the same env? (Each list empty or `*` means all.) */
function sameScope(a: FreezeWindow, b: FreezeWindow): boolean {
  const meet = (x: readonly string[], y: readonly string[]) =>
    x.length === 0 || y.length === 0 || x.includes('*') || y.includes('*') || x.some((v) => y.includes(v));
  return meet(a.projects, b.projects) && meet(a.envs, b.envs);
}

/** A problem line when two windows covering the same env are in force at the same time. */
function overlap(a: FreezeWindow, b: FreezeWindow, now: number): string | undefined {
  if (!sameScope(a, b)) return undefined;
  const bounded = [a.schedule, b.schedule].filter((s) => s.kind === 'once') as { from: number; to: number }[];
  const from = bounded.length > 0 ? Math.max(...bounded.map((s) => s.from)) : now;
  const to =
    bounded.length > 0 ? Math.min(...bounded.map((s) => s.to), from + 400 * DAY_MS) : now + 15 * DAY_MS;
  if (to <= from) return undefined;
  for (const x of occurrences(a, from, to)) {
    for (const y of occurrences(b, from, to)) {
      const start = Math.max(x.start, y.start);
      if (start < Math.min(x.end, y.end)) {
        return `freezes: "${a.name}" and "${b.name}" overlap (both cover the same envs, e.g. from ${formatZoned(start, a.timezone)} ${a.timezone}): merge them or make them cover different envs or times`;
      }
    }
  }
  return undefined;
}
