/** One changed field between the before and after snapshots of an audit event. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const show = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v, null, 1));

/** Top-level fields that differ between two snapshots (either may be null: create/delete). */
export function diffSnapshots(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  if (!isRecord(before) && !isRecord(after)) {
    return show(before) === show(after) ? [] : [{ field: '—', before: show(before), after: show(after) }];
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((k) => show(b[k]) !== show(a[k]))
    .map((k) => ({ field: k, before: show(b[k]), after: show(a[k]) }));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
