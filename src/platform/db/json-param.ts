/**
 * Rows as one JSON parameter for `json_to_recordset`: a batch goes to PostgreSQL as one statement
 * with one parameter, whatever its size (a multi-row VALUES list costs more to build than the rows
 * themselves, and stops at 65,535 parameters). NUL characters, which PostgreSQL text refuses, are
 * dropped.
 */
export function jsonParam(rows: readonly unknown[]): string {
  const json = JSON.stringify(rows);
  // JSON writes NUL as the escape \u0000: only then walk the rows again to drop it.
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));
}
