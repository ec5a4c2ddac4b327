/**
 * Pure rules of the policy module: the document's fingerprint, the date arithmetic of the
 * "da rivedere" flag, and the mapping of the kit's validation messages to field errors.
 */
import crypto from 'node:crypto';
import type { FieldError } from '../../platform/errors.ts';
import { canonicalJson } from '../audit/index.ts';

/** A policy is to be reviewed this many months after the date of its adoption act. */
export const REVIEW_AFTER_MONTHS = 12;

/** sha256 (hex) of the canonical JSON of a document: equal content, equal hash. */
export function documentSha256(doc: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** Today's date ("YYYY-MM-DD") in the Ente's time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whether "YYYY-MM-DD" is a real calendar date. */
export function isRealDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
}

/** The date `months` after `date`, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface ReviewReason {
  code: 'older_than_12_months' | 'channels_added' | 'channels_removed';
  /** Channel ids, for the channel reasons. */
  channelIds?: string[];
}

/** Why a version in force should be reviewed; empty when it need not be. */
export function reviewReasons(version: { actDate: string; channelIds: readonly string[] }, currentChannelIds: readonly string[], today: string): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (addMonths(version.actDate, REVIEW_AFTER_MONTHS) <= today) reasons.push({ code: 'older_than_12_months' });
  const then = new Set(version.channelIds);
  const now = new Set(currentChannelIds);
  const added = [...now].filter((id) => !then.has(id));
  const removed = [...then].filter((id) => !now.has(id));
  if (added.length) reasons.push({ code: 'channels_added', channelIds: added.sort() });
  if (removed.length) reasons.push({ code: 'channels_removed', channelIds: removed.sort() });
  return reasons;
}

/**
 * The kit's "sections[2].key: must be lowercase snake_case" as a field error on
 * "document.sections.2.key".
 */
export function kitErrorToField(message: string, prefix = 'document'): FieldError {
  const at = message.indexOf(': ');
  const path = at > 0 ? message.slice(0, at) : '';
  const text = at > 0 ? message.slice(at + 2) : message;
  const field = [prefix, ...path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)].join('.');
  return { field, code: /required/.test(text) ? 'required' : 'invalid_value', message: text };
}
