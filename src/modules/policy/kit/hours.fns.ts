/**
 * Moderation hours: the kit's default and their description in Italian.
 */
import type { ModerationHours, TimeRange, Weekday } from '../rulebook.ts';
import { formatDateIt, joinIt } from './ente.fns.ts';

/** Length of the default working day, used to say "2 giorni lavorativi" for 18 working hours. */
export const DEFAULT_WORKING_DAY_HOURS = 9;

/**
 * Mon–Fri 9:00–18:00, Europe/Rome, closed on public holidays; off hours, what needs review is
 * hidden until a person looks; answers within 2 working days (18 working hours).
 */
export function defaultModerationHours(): ModerationHours {
  const day = (): TimeRange[] => [{ from: '09:00', to: '18:00' }];
  return {
    schedule: {
      timeZone: 'Europe/Rome',
      days: { 1: day(), 2: day(), 3: day(), 4: day(), 5: day() },
      closedOnPublicHolidays: true,
      closedDates: [],
    },
    hideForReviewOffHours: true,
    responseTimeHours: 2 * DEFAULT_WORKING_DAY_HOURS,
  };
}

const DAY_NAMES: Record<Weekday, string> = {
  0: 'domenica',
  1: 'lunedì',
  2: 'martedì',
  3: 'mercoledì',
  4: 'giovedì',
  5: 'venerdì',
  6: 'sabato',
};
/** "domenica" is feminine: "la domenica", "alla domenica". */
const the = (d: Weekday): string => (d === 0 ? 'la' : 'il');
const to = (d: Weekday): string => (d === 0 ? 'alla' : 'al');
const from = (d: Weekday): string => (d === 0 ? 'dalla' : 'dal');
/** Monday first, as an Italian reader expects. */
const WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

/** "9:00" from "09:00". */
const hhmm = (t: string): string => t.replace(/^0(\d)/, '$1');

function rangesText(ranges: TimeRange[]): string {
  return joinIt(ranges.map((r) => `dalle ${hhmm(r.from)} alle ${hhmm(r.to)}`));
}

/**
 * One Italian phrase per group of consecutive days with the same hours, e.g.
 * "dal lunedì al venerdì, dalle 9:00 alle 18:00".
 */
export function describeSchedule(hours: ModerationHours): string[] {
  const days = hours.schedule.days;
  const key = (d: Weekday): string => JSON.stringify(days[d] ?? []);
  const lines: string[] = [];
  let i = 0;
  while (i < WEEK.length) {
    const first = WEEK[i] as Weekday;
    const ranges = days[first] ?? [];
    let j = i;
    while (j + 1 < WEEK.length && key(WEEK[j + 1] as Weekday) === key(first)) j += 1;
    if (ranges.length > 0) {
      const last = WEEK[j] as Weekday;
      const span =
        first === last
          ? `${the(first)} ${DAY_NAMES[first]}`
          : j === i + 1
            ? `${the(first)} ${DAY_NAMES[first]} e ${the(last)} ${DAY_NAMES[last]}`
            : `${from(first)} ${DAY_NAMES[first]} ${to(last)} ${DAY_NAMES[last]}`;
      lines.push(`${span}, ${rangesText(ranges)}`);
    }
    i = j + 1;
  }
  return lines;
}

/** The closed days beyond the weekly schedule, as one Italian sentence, or '' if none. */
export function describeClosures(hours: ModerationHours): string {
  const parts: string[] = [];
  if (hours.schedule.closedOnPublicHolidays) parts.push('nei giorni festivi');
  const dates = hours.schedule.closedDates.map(formatDateIt);
  if (dates.length > 0) parts.push(`nei giorni ${joinIt(dates)}`);
  return parts.length > 0 ? `I canali non sono presidiati ${joinIt(parts)}.` : '';
}

const minutes = (t: string): number => {
  const [h, m] = t.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Hours of the most common working day of the schedule (9 for 9:00–18:00). */
export function workingDayHours(hours: ModerationHours): number {
  const counts = new Map<number, number>();
  for (const ranges of Object.values(hours.schedule.days)) {
    const total = (ranges ?? []).reduce((n, r) => n + minutes(r.to) - minutes(r.from), 0) / 60;
    if (total > 0) counts.set(total, (counts.get(total) ?? 0) + 1);
  }
  let best = DEFAULT_WORKING_DAY_HOURS;
  let bestCount = 0;
  for (const [total, count] of counts) {
    if (count > bestCount) [best, bestCount] = [total, count];
  }
  return best;
}

/**
 * The promised response time in words: whole working days of the schedule when it divides
 * ("entro 2 giorni lavorativi" for 18 hours of a 9-hour day), working hours otherwise.
 */
export function describeResponseTime(hours: ModerationHours): string {
  const h = hours.responseTimeHours;
  const day = workingDayHours(hours);
  if (h % day === 0) {
    const d = h / day;
    return d === 1 ? 'entro 1 giorno lavorativo' : `entro ${d} giorni lavorativi`;
  }
  return h === 1 ? 'entro 1 ora lavorativa' : `entro ${h} ore lavorative`;
}
