/**
 * A walk over a parsed JSON tree (a card, a payload): every object, parents before children, arrays
 * walked through but not visited themselves.
 */
export function eachObject(
  root: unknown,
  visit: (o: Record<string, unknown>) => void,
  /** Which of an object's keys to walk into (default: all). */
  descend: (key: string) => boolean = () => true,
): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    visit(o);
    for (const [k, child] of Object.entries(o)) if (descend(k)) walk(child);
  };
  walk(root);
}
