/**
 * "Did you mean": the closest candidate by case-insensitive Damerau-Levenshtein distance (insertions,
 * deletions, substitutions and transpositions of adjacent characters, counted on code points so Chinese
 * words work). Used by the parser for commands, flags and choices, and by handlers for unknown
 * workflows, environments and services.
 */

/** Words longer than this get no suggestion: the table would be large and the answer meaningless. */
const MAX_WORD = 64;

/** The default tolerance grows with the word: one typo in short words, up to three in long ones. */
function defaultMaxDistance(length: number): number {
  if (length <= 1) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

/**
 * Unrestricted Damerau-Levenshtein distance between two strings (Lowrance-Wagner), case-insensitive.
 * `ca` → `abc` is 2 (a transposition, then an insertion).
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a.toLowerCase());
  const u = Array.from(b.toLowerCase());
  const rows = s.length + 2;
  const cols = u.length + 2;
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j]!;
  const set = (i: number, j: number, v: number): void => {
    d[i * cols + j] = v;
  };
  const inf = s.length + u.length;
  set(0, 0, inf);
  for (let i = 0; i <= s.length; i++) {
    set(i + 1, 0, inf);
    set(i + 1, 1, i);
  }
  for (let j = 0; j <= u.length; j++) {
    set(0, j + 1, inf);
    set(1, j + 1, j);
  }
  // Last row where each character was seen in `s`.
  const lastRow = new Map<string, number>();
  for (let i = 1; i <= s.length; i++) {
    let lastMatchCol = 0;
    for (let j = 1; j <= u.length; j++) {
      const i1 = lastRow.get(u[j - 1]!) ?? 0;
      const j1 = lastMatchCol;
      let cost = 1;
      if (s[i - 1] === u[j - 1]) {
        cost = 0;
        lastMatchCol = j;
      }
      set(
        i + 1,
        j + 1,
        Math.min(
          at(i, j) + cost,
          at(i + 1, j) + 1,
          at(i, j + 1) + 1,
          at(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1),
        ),
      );
    }
    lastRow.set(s[i - 1]!, i);
  }
  return at(s.length + 1, u.length + 1);
}

/**
 * The candidate closest to `word`, or undefined when none is within `maxDistance` (default: 0 for one
 * character, 1 up to 4, 2 up to 8, else 3). An exact case-insensitive match wins. Ties go first to the
 * candidate whose length is closest to the word's (so `stauts` → `status`, not `stats`: a swap is a
 * likelier typo than a dropped letter plus a stray one), then to the shorter, then the alphabetically
 * first. Returns the candidate as spelled in `candidates`.
 */
export function suggest(
  word: string,
  candidates: readonly string[],
  maxDistance?: number,
): string | undefined {
  const w = word.trim();
  const length = Array.from(w).length;
  if (length === 0 || length > MAX_WORD) return undefined;
  const limit = maxDistance ?? defaultMaxDistance(length);
  let best: { candidate: string; rank: readonly [number, number, number] } | undefined;
  for (const candidate of candidates) {
    const candidateLength = Array.from(candidate).length;
    const gap = Math.abs(candidateLength - length);
    if (candidateLength === 0 || gap > limit) continue;
    const distance = editDistance(w, candidate);
    if (distance > limit) continue;
    const rank = [distance, gap, candidateLength] as const;
    if (!best || compareRank(rank, best.rank, candidate, best.candidate) < 0) best = { candidate, rank };
  }
  return best?.candidate;
}

function compareRank(
  a: readonly [number, number, number],
  b: readonly [number, number, number],
  aWord: string,
  bWord: string,
): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return aWord < bWord ? -1 : aWord > bWord ? 1 : 0;
}
