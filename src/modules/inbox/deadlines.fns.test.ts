import { describe, expect, test } from 'vitest';
import { addWorkingMinutes, lateness } from './deadlines.fns.ts';

// Mon–Fri 9:00–13:00 and 14:00–18:00, Europe/Rome, closed on Italian holidays and the patron's day.
const schedule = {
  timeZone: 'Europe/Rome',
  days: { 1: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 2: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 3: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 4: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 5: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }] },
  closedOnPublicHolidays: true,
  closedDates: ['2026-06-24'], // San Giovanni, patron of Firenze
};

describe('response deadlines count only hours of presence', () => {
  test.each([
    // arrival (UTC)             hours  deadline (UTC)            why
    ['2026-03-03T08:00:00Z', 2, '2026-03-03T10:00:00Z', 'Tue 9:00 local + 2h'],
    ['2026-03-03T11:30:00Z', 2, '2026-03-03T14:30:00Z', 'lunch break not counted'],
    ['2026-03-06T16:00:00Z', 4, '2026-03-09T11:00:00Z', 'Friday 17:00 → weekend skipped → Monday'],
    ['2026-03-07T10:00:00Z', 1, '2026-03-09T09:00:00Z', 'arrives Saturday: clock starts Monday 9:00'],
    ['2026-04-03T15:00:00Z', 3, '2026-04-07T09:00:00Z', 'Good Friday is open; Easter Monday 2026-04-06 closed'],
    ['2026-04-24T15:00:00Z', 2, '2026-04-27T08:00:00Z', 'Friday before the weekend; Monday 10:00 local (CEST)'],
    ['2026-12-24T16:00:00Z', 2, '2026-12-28T09:00:00Z', 'Christmas and Santo Stefano (Sat) and Sunday skipped'],
    ['2026-06-23T15:00:00Z', 2, '2026-06-25T08:00:00Z', 'the patron saint’s day is closed'],
    ['2026-10-23T15:00:00Z', 2, '2026-10-26T09:00:00Z', 'across the switch to CET (25 October)'],
    ['2026-03-03T08:00:00Z', 0, '2026-03-03T08:00:00Z', 'zero hours: due at once when open'],
  ])('%s + %sh → %s (%s)', (start, hours, expected) => {
    expect(addWorkingMinutes(new Date(start), hours * 60, schedule)?.toISOString()).toBe(new Date(expected).toISOString());
  });

  test('a schedule without hours gives no deadline', () => {
    expect(addWorkingMinutes(new Date(), 60, { ...schedule, days: {} })).toBeNull();
  });

  test.each([
    ['2026-03-03T10:00:00Z', '2026-03-03T10:30:00Z', 'late'],
    ['2026-03-03T12:00:00Z', '2026-03-03T10:00:00Z', 'soon'],
    ['2026-03-04T12:00:00Z', '2026-03-03T10:00:00Z', 'on_time'],
  ] as const)('due %s, now %s → %s', (due, now, expected) => {
    expect(lateness(new Date(due), false, new Date(now), 4)).toBe(expected);
  });
});
