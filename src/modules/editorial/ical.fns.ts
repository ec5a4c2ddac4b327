/**
 * The editorial calendar as iCalendar (RFC 5545), so an office can subscribe to it from any
 * calendar client: CRLF line endings, lines folded at 75 octets, TEXT values escaped, UTC times.
 */

export interface CalendarEvent {
  uid: string;
  start: Date;
  end?: Date;
  summary: string;
  description?: string;
  url?: string;
  /** VEVENT status (TENTATIVE, CONFIRMED, CANCELLED) or a post status mapped onto one. */
  status?: string;
  categories?: string[];
}

export interface CalendarOptions {
  prodId: string;
  calName: string;
  /** The DTSTAMP of every event; the current time when omitted. */
  now?: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A UTC date-time in the RFC 5545 form YYYYMMDDTHHMMSSZ. */
export function formatUtc(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/u, 'Z').replace(/[-:]/gu, '');
}

// TEXT may not hold control characters other than HTAB (RFC 5545 §3.3.11).
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu;

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(CONTROLS, '')
    .replace(/\\/gu, '\\\\')
    .replace(/;/gu, '\\;')
    .replace(/,/gu, '\\,')
    .replace(/\r\n|\r|\n/gu, '\\n');
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no physical line exceeds 75 octets of UTF-8, never splitting a
 * character; continuation lines start with one space, which counts towards their 75 octets.
 */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + n > MAX_OCTETS) {
      out += `${CRLF} `;
      octets = 1;
    }
    out += ch;
    octets += n;
  }
  return out + CRLF;
}

const VEVENT_STATUS: Record<string, 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED'> = {
  tentative: 'TENTATIVE',
  confirmed: 'CONFIRMED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  draft: 'TENTATIVE',
  proposed: 'TENTATIVE',
  in_review: 'TENTATIVE',
  pending: 'TENTATIVE',
  approved: 'CONFIRMED',
  scheduled: 'CONFIRMED',
  published: 'CONFIRMED',
  rejected: 'CANCELLED',
  withdrawn: 'CANCELLED',
};

/** The VEVENT status for a status string, or undefined when none fits. */
export function eventStatus(status: string): 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED' | undefined {
  return VEVENT_STATUS[status.trim().toLowerCase()];
}

/** A calendar of events as an RFC 5545 VCALENDAR document. */
export function toICalendar(events: readonly CalendarEvent[], opts: CalendarOptions): string {
  const stamp = formatUtc(opts.now ?? new Date());
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.prodId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(opts.calName)}`,
    `X-WR-CALNAME:${escapeText(opts.calName)}`,
  ];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${stamp}`, `DTSTART:${formatUtc(e.start)}`);
    if (e.end) lines.push(`DTEND:${formatUtc(e.end)}`);
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    // URL is a URI, not TEXT: no escaping, but no whitespace or controls either.
    const url = e.url?.replace(/[\s\u0000-\u001F\u007F]/gu, '');
    if (url) lines.push(`URL:${url}`);
    const status = e.status ? eventStatus(e.status) : undefined;
    if (status) lines.push(`STATUS:${status}`);
    const categories = (e.categories ?? []).map((c) => c.trim()).filter(Boolean);
    if (categories.length > 0) lines.push(`CATEGORIES:${categories.map(escapeText).join(',')}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
