/**
 * Italian national public holidays and weekly opening schedules in the Ente's time zone.
 * The patron saint's day is local: it goes in WeeklySchedule.closedDates.
 */
import type { Weekday, WeeklySchedule } from '../../modules/policy/rulebook.ts';

export interface Holiday {
  /** "YYYY-MM-DD" */
  date: string;
  name: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

/** Easter Sunday (Gregorian computus, anonymous algorithm) as month 1-12 and day. */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

/** National public holidays of a year (L. 260/1949 and later amendments), sorted by date. */
export function italianHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const monday = new Date(Date.UTC(year, easter.month - 1, easter.day + 1));
  const list: Holiday[] = [
    { date: ymd(year, 1, 1), name: 'Capodanno' },
    { date: ymd(year, 1, 6), name: 'Epifania' },
    { date: ymd(year, easter.month, easter.day), name: 'Pasqua' },
    { date: ymd(year, monday.getUTCMonth() + 1, monday.getUTCDate()), name: "Lunedì dell'Angelo" },
    { date: ymd(year, 4, 25), name: 'Festa della Liberazione' },
    { date: ymd(year, 5, 1), name: 'Festa del Lavoro' },
    { date: ymd(year, 6, 2), name: 'Festa della Repubblica' },
    { date: ymd(year, 8, 15), name: 'Ferragosto' },
    { date: ymd(year, 11, 1), name: 'Ognissanti' },
    { date: ymd(year, 12, 8), name: 'Immacolata Concezione' },
    { date: ymd(year, 12, 25), name: 'Natale' },
    { date: ymd(year, 12, 26), name: 'Santo Stefano' },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, Set<string>>();
/** True when the local date "YYYY-MM-DD" is a national public holiday. */
export function isItalianHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(italianHolidays(year).map((h) => h.date));
    holidayCache.set(year, set);
  }
  return set.has(date);
}

export interface LocalTime {
  date: string;
  weekday: Weekday;
  /** minutes since local midnight */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, Weekday> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const HOUR = 3_600_000;
const hourCache = new Map<string, LocalTime>();

/** Wall-clock date, weekday and minutes of an instant in a time zone (DST included). */
export function localTime(at: Date, timeZone: string): LocalTime {
  // Offsets change on UTC hour boundaries (DST switches happen at whole hours), so the local
  // time of the start of the UTC hour plus the minutes elapsed is exact and cheap to cache.
  const ms = at.getTime();
  const hourStart = Math.floor(ms / HOUR) * HOUR;
  const key = `${timeZone}|${hourStart}`;
  let base = hourCache.get(key);
  if (!base) {
    base = localTimeUncached(new Date(hourStart), timeZone);
    if (hourCache.size >= 4096) hourCache.clear();
    hourCache.set(key, base);
  }
  const minutes = base.minutes + Math.floor((ms - hourStart) / 60_000);
  if (minutes < 1440) return { date: base.date, weekday: base.weekday, minutes };
  return localTimeUncached(at, timeZone); // crossed local midnight inside the hour (half-hour zones)
}

function localTimeUncached(at: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      weekday: 'short', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: WEEKDAYS[p.weekday ?? 'Sun'] ?? 0,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m ?? 0);
};

/** True when the instant falls inside one of the schedule's opening intervals (end exclusive). */
export function isWithinSchedule(date: Date, schedule: WeeklySchedule): boolean {
  if (Number.isNaN(date.getTime())) return false;
  const local = localTime(date, schedule.timeZone);
  if (schedule.closedDates.includes(local.date)) return false;
  if (schedule.closedOnPublicHolidays && isItalianHoliday(local.date)) return false;
  const ranges = schedule.days[local.weekday] ?? [];
  return ranges.some((r) => local.minutes >= toMinutes(r.from) && local.minutes < toMinutes(r.to));
}
