/**
 * Watching what the fakes record, with timestamps, without changing them: the fake Slack's `calls`, the
 * sandbox's `requests` and `responses` are plain arrays the fakes append to.
 */

/**
 * Observes appends to an array owned by a fake (calls, requests) with a timestamp. With `keep` false the
 * items are only observed, not stored (for streams of thousands where only counts matter).
 */
export function tapPush<T>(arr: T[], fn: (item: T, at: number) => void, keep = true): void {
  const original = arr.push.bind(arr);
  // Not enumerable: the array still looks (and compares) like a plain array.
  Object.defineProperty(arr, 'push', {
    configurable: true,
    enumerable: false,
    writable: true,
    value: (...items: T[]) => {
      const at = performance.now();
      for (const item of items) fn(item, at);
      return keep ? original(...items) : arr.length;
    },
  });
}
