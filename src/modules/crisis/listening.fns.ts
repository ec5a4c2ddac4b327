/**
 * Listening: is the inbox of a channel unusually busy, or unusually negative, this hour? The usual
 * level is robust: for each hour of the week, the median of the same hour in earlier weeks and
 * the median absolute deviation (MAD, scaled by 1.4826 to estimate a standard deviation). An hour
 * is a spike when its volume (or its count of negative/alarmed messages) is both above
 * median + k·MAD (k = 4 by default) and at least `minRatio` times the median, and above
 * `minCount` (a quiet channel going from 1 to 3 messages is not a crisis).
 */
import { textSimilarity } from '../../lib/italian/similarity.ts';

export interface HourCount {
  /** The start of the hour (UTC instant). */
  hour: Date;
  total: number;
  negative: number;
}

export interface SpikeOptions {
  /** Weeks of history the baseline needs at least (hours with fewer are never spikes). */
  minWeeks: number;
  k: number;
  minRatio: number;
  minCount: number;
  timeZone: string;
}

export const DEFAULT_SPIKE: SpikeOptions = { minWeeks: 3, k: 4, minRatio: 2, minCount: 10, timeZone: 'Europe/Rome' };

export interface Spike {
  hour: Date;
  total: number;
  negative: number;
  baseline: { total: number; negative: number };
  /** What is unusual: the volume, the negative/alarmed messages, or both. */
  reasons: ('volume' | 'negative')[];
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** 0..167: Monday 00 is 0, in the Ente's local time. */
export function hourOfWeek(d: Date, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return WEEKDAYS[p.weekday!]! * 24 + Number(p.hour);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median and scaled MAD of a sample. */
export function robustBaseline(xs: readonly number[]): { median: number; mad: number } {
  const m = median(xs);
  return { median: m, mad: 1.4826 * median(xs.map((x) => Math.abs(x - m))) };
}

function unusual(value: number, history: number[], o: SpikeOptions): { spike: boolean; median: number } {
  const { median: m, mad } = robustBaseline(history);
  // A MAD of 0 (a perfectly regular channel) would make any +1 a spike: floor it at 1.
  const threshold = m + o.k * Math.max(mad, 1);
  return { spike: value >= o.minCount && value > threshold && value >= o.minRatio * Math.max(m, 1), median: m };
}

/**
 * The spikes of a series of hourly counts (one channel, hours without messages may be missing:
 * they count as zero). Each hour is compared only with the same hour-of-week in the weeks before it.
 */
export function detectSpikes(series: readonly HourCount[], options: Partial<SpikeOptions> = {}): Spike[] {
  const o = { ...DEFAULT_SPIKE, ...options };
  if (series.length === 0) return [];
  const byHour = new Map(series.map((h) => [h.hour.getTime(), h]));
  const first = Math.min(...series.map((h) => h.hour.getTime()));
  const spikes: Spike[] = [];
  const WEEK = 7 * 24 * 3_600_000;
  for (const h of [...series].sort((a, b) => a.hour.getTime() - b.hour.getTime())) {
    const totals: number[] = [];
    const negatives: number[] = [];
    for (let t = h.hour.getTime() - WEEK; t >= first; t -= WEEK) {
      // Same instant a week earlier is the same local hour except across DST changes: good enough.
      const past = byHour.get(t);
      totals.push(past?.total ?? 0);
      negatives.push(past?.negative ?? 0);
    }
    if (totals.length < o.minWeeks) continue;
    const vol = unusual(h.total, totals, o);
    const neg = unusual(h.negative, negatives, o);
    const reasons: Spike['reasons'] = [];
    if (vol.spike) reasons.push('volume');
    if (neg.spike) reasons.push('negative');
    if (reasons.length) spikes.push({ hour: h.hour, total: h.total, negative: h.negative, baseline: { total: vol.median, negative: neg.median }, reasons });
  }
  return spikes;
}

/** The start of the hour of an instant. */
export const hourStart = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

const ALARM = /\b(allagat\w*|esondat\w*|frana\w*|crollat\w*|crollo|incendi\w*|fumo|evacua\w*|aiuto|soccors\w*|emergenz\w*|paura|pericol\w*|dispers\w*|ferit\w*|vergogna|schifo|scandal\w*|inaccettabil\w*|senz[ae] (acqua|luce|corrente))\b/i;

/** Whether a message reads as negative or alarmed (a small lexicon; the inbox may pass its own sentiment). */
export function isAlarmed(text: string): boolean {
  return ALARM.test(text) || /!{3,}/.test(text);
}

/** How close a message is to a false claim (0..1), with the Italian stemmer and stopwords. */
export function claimSimilarity(claim: string, message: string): number {
  return textSimilarity(claim, message);
}
