/**
 * Prepared queries for hot paths (every request authenticates and checks the Ente): drizzle builds
 * the SQL once per database handle instead of on every call. A transaction is a handle of its own,
 * so a query prepared for it runs inside it.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

/** The query `build` makes for this handle, built once and reused. */
export function prepared<T>(db: object, name: string, build: () => T): T {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  let q = byName.get(name) as T | undefined;
  if (q === undefined) byName.set(name, (q = build()));
  return q;
}
