/**
 * Memoises a pure function of one string. Calendar answers never change (a date's weekday, its
 * roll-forward), and replaying a log asks the same few thousand dates again and again, so the
 * Temporal work is done once per date. The cache is cleared when it grows past `limit` entries.
 */
export const memo = <R>(fn: (key: string) => R, limit = 200_000): ((key: string) => R) => {
  const cache = new Map<string, R>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    if (cache.size >= limit) cache.clear();
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
};
