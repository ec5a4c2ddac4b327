import type { Finding, Severity, Span } from './types.ts';

/** Builds a finding; keeps the call sites in the checks short and uniform. */
export function finding(
  channelId: string,
  ruleId: string,
  severity: Severity,
  rule: string,
  it: string,
  en: string,
  span: Span | null = null,
): Finding {
  return { ruleId, severity, message: { it, en }, rule, span, channelId };
}

const NUM_IT = new Intl.NumberFormat('it-IT');
const NUM_EN = new Intl.NumberFormat('en-GB');

/** Numbers as an Italian reader writes them (63.206) and as an English reader does (63,206). */
export function numIt(n: number): string {
  return NUM_IT.format(n);
}
export function numEn(n: number): string {
  return NUM_EN.format(n);
}

/** "1 carattere" / "17 caratteri". */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** Short quotation of a span of text for a message, cut at 60 characters. */
export function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
