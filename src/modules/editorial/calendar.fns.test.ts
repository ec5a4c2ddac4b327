import { describe, expect, test } from 'vitest';
import { addDays, calendarWindow, dayOf, findGaps, startOfDay } from './calendar.fns.ts';

const d = (s: string) => new Date(s);

describe('time zone helpers', () => {
  test.each([
    ['2026-01-15', '2026-01-14T23:00:00.000Z'],
    ['2026-07-15', '2026-07-14T22:00:00.000Z'],
    ['2026-03-29', '2026-03-28T23:00:00.000Z'], // the day summer time starts
    ['2026-10-25', '2026-10-24T22:00:00.000Z'], // the day it ends
  ])('%s begins at %s in Rome', (ymd, iso) => {
    expect(startOfDay(ymd, 'Europe/Rome').toISOString()).toBe(iso);
  });
  test('dayOf and addDays', () => {
    expect(dayOf(d('2026-12-31T23:30:00Z'), 'Europe/Rome')).toBe('2027-01-01');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});

describe('calendarWindow', () => {
  test.each([
    ['month', '2026-02-17', '2026-02-01', '2026-03-01'],
    ['month', '2026-12-05', '2026-12-01', '2027-01-01'],
    ['week', '2026-11-22', '2026-11-16', '2026-11-23'], // a Sunday
    ['week', '2026-11-23', '2026-11-23', '2026-11-30'], // a Monday
    ['list', '2026-11-23', '2026-11-23', '2026-12-23'],
  ] as const)('%s around %s is [%s, %s)', (view, anchor, from, to) => {
    const w = calendarWindow(view, anchor, 'Europe/Rome');
    expect([w.fromDay, w.toDay]).toEqual([from, to]);
    expect(w.from).toEqual(startOfDay(from, 'Europe/Rome'));
  });
});

describe('findGaps', () => {
  const windowFrom = d('2026-11-01T00:00:00Z');
  const windowTo = d('2026-12-01T00:00:00Z');
  test.each([
    ['nothing planned at all: one open hole over the window', [], null, null, 7, [{ from: '2026-11-01', to: '2026-12-01', days: 30, open: true }]],
    ['weekly posts: no hole', ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'], '2026-10-28', '2026-12-01', 7, []],
    ['a 10-day pause', ['2026-11-02', '2026-11-12', '2026-11-15'], '2026-10-30', '2026-11-20', 7, [{ from: '2026-11-02', to: '2026-11-12', days: 10, open: false }]],
    ['a hole that began before the window', ['2026-11-05'], '2026-10-20', '2026-11-08', 7, [{ from: '2026-10-20', to: '2026-11-05', days: 16, open: false }]],
    ['exactly N days is not a hole', ['2026-11-08'], '2026-11-01', '2026-11-15', 7, []],
    ['a threshold of 3 days', ['2026-11-05'], '2026-11-01', '2026-11-08', 3, [{ from: '2026-11-01', to: '2026-11-05', days: 4, open: false }]],
  ])('%s', (_name, planned, before, after, gapDays, expected) => {
    const gaps = findGaps(
      planned.map((p) => d(`${p}T00:00:00Z`)),
      { windowFrom, windowTo, gapDays, before: before ? d(`${before}T00:00:00Z`) : null, after: after ? d(`${after}T00:00:00Z`) : null },
    );
    expect(gaps.map((g) => ({ from: g.from.toISOString().slice(0, 10), to: g.to.toISOString().slice(0, 10), days: g.days, open: g.open }))).toEqual(expected);
  });
});
