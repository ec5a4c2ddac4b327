import { describe, expect, test } from 'vitest';
import type { WeeklySchedule } from '../../modules/policy/rulebook.ts';
import { easterSunday, isWithinSchedule, italianHolidays } from './holidays.ts';

describe('easterSunday', () => {
  test.each([
    [2019, 4, 21],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2038, 4, 25],
  ])('%d -> %d/%d', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });
});

test('2025 has the twelve national holidays, Easter Monday on 21 April', () => {
  const h = italianHolidays(2025);
  expect(h).toHaveLength(12);
  expect(h.map((x) => x.date)).toContain('2025-04-21');
  expect(h.map((x) => x.date)).toContain('2025-06-02');
  expect(h[0]?.date).toBe('2025-01-01');
});

const office: WeeklySchedule = {
  timeZone: 'Europe/Rome',
  days: { 1: [{ from: '09:00', to: '18:00' }], 2: [{ from: '09:00', to: '18:00' }], 3: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 4: [{ from: '09:00', to: '18:00' }], 5: [{ from: '09:00', to: '18:00' }] },
  closedOnPublicHolidays: true,
  closedDates: ['2025-06-24'],
};

describe('isWithinSchedule', () => {
  test.each([
    // winter (UTC+1): 08:30Z is 09:30 in Rome, Monday 13 Jan 2025
    ['2025-01-13T08:30:00Z', true],
    ['2025-01-13T07:59:00Z', false],
    // summer (UTC+2): 07:30Z is 09:30 in Rome; with winter offset it would be closed
    ['2025-07-14T07:30:00Z', true],
    ['2025-07-14T16:00:00Z', false], // 18:00 local: end exclusive
    ['2025-07-16T11:30:00Z', false], // Wednesday 13:30, lunch break
    ['2025-01-18T10:00:00Z', false], // Saturday
    ['2025-04-21T08:00:00Z', false], // Easter Monday
    ['2025-04-25T08:00:00Z', false], // Liberazione
    ['2025-06-24T08:00:00Z', false], // patron saint (closedDates)
    ['2025-03-31T07:30:00Z', true], // Monday after the DST switch: 09:30 local
  ])('%s -> %s', (iso, open) => {
    expect(isWithinSchedule(new Date(iso), office)).toBe(open);
  });
});
