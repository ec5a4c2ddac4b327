/**
 * CSV export (RFC 4180): CRLF between records, fields quoted when they hold the delimiter, a
 * quote, CR or LF, quotes doubled. Optional UTF-8 BOM so that Excel reads accents correctly, and
 * optional semicolon delimiter, which Excel expects under Italian regional settings.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
  /** Prefix the output with a UTF-8 byte order mark (U+FEFF) for Excel. */
  bom?: boolean;
  /** ',' as in RFC 4180 (default), or ';' for Excel with Italian settings. */
  delimiter?: ',' | ';';
  /**
   * Neutralise cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)
   * by prefixing an apostrophe: exported posts and comments come from the public.
   */
  escapeFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/u;

/** The text of one value: dates as ISO 8601, null and undefined as empty. */
export function csvText(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** One field, quoted when needed. */
export function csvField(value: CsvValue, opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  let s = csvText(value);
  if (opts.escapeFormulas && typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  const needsQuotes = s.includes(delimiter) || s.includes('"') || s.includes('\r') || s.includes('\n');
  return needsQuotes ? `"${s.replace(/"/gu, '""')}"` : s;
}

/** Rows (the first usually the header) as a CSV document, each record ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[], opts: CsvOptions = {}): string {
  const delimiter = opts.delimiter ?? ',';
  let out = opts.bom ? '\uFEFF' : '';
  for (const row of rows) out += `${row.map((v) => csvField(v, opts)).join(delimiter)}\r\n`;
  return out;
}

/** Records as CSV with a header row, one column per accessor. */
export function recordsToCsv<T>(
  records: readonly T[],
  columns: readonly { header: string; value: (r: T) => CsvValue }[],
  opts: CsvOptions = {},
): string {
  return toCsv([columns.map((c) => c.header), ...records.map((r) => columns.map((c) => c.value(r)))], opts);
}
