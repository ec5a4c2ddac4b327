import { describe, expect, test } from 'vitest';
import type { ModerationHours } from '../rulebook.ts';
import {
  defaultModerationHours,
  describeClosures,
  describeResponseTime,
  describeSchedule,
  workingDayHours,
} from './hours.fns.ts';

const withDays = (days: ModerationHours['schedule']['days']): ModerationHours => {
  const h = defaultModerationHours();
  h.schedule.days = days;
  return h;
};
const r = (from: string, to: string) => ({ from, to });

describe('describeSchedule', () => {
  test.each([
    ['default', defaultModerationHours(), ['dal lunedì al venerdì, dalle 9:00 alle 18:00']],
    [
      'split days and a Saturday morning',
      withDays({
        1: [r('08:30', '13:00'), r('14:00', '17:30')],
        2: [r('08:30', '13:00'), r('14:00', '17:30')],
        3: [r('08:30', '13:00')],
        6: [r('09:00', '12:00')],
      }),
      [
        'il lunedì e il martedì, dalle 8:30 alle 13:00 e dalle 14:00 alle 17:30',
        'il mercoledì, dalle 8:30 alle 13:00',
        'il sabato, dalle 9:00 alle 12:00',
      ],
    ],
    ['every day', withDays({ 0: [r('08:00', '20:00')], 1: [r('08:00', '20:00')], 2: [r('08:00', '20:00')], 3: [r('08:00', '20:00')], 4: [r('08:00', '20:00')], 5: [r('08:00', '20:00')], 6: [r('08:00', '20:00')] }), ['dal lunedì alla domenica, dalle 8:00 alle 20:00']],
    ['closed', withDays({}), []],
    ['weekend', withDays({ 6: [r('10:00', '12:00')], 0: [r('10:00', '12:00')] }), ['il sabato e la domenica, dalle 10:00 alle 12:00']],
  ] as const)('%s', (_, hours, expected) => {
    expect(describeSchedule(hours)).toEqual(expected);
  });
});

describe('response time and closures', () => {
  test.each([
    [18, 'entro 2 giorni lavorativi'],
    [9, 'entro 1 giorno lavorativo'],
    [4, 'entro 4 ore lavorative'],
    [1, 'entro 1 ora lavorativa'],
  ])('%d working hours → %s', (h, text) => {
    const hours = defaultModerationHours();
    hours.responseTimeHours = h;
    expect(describeResponseTime(hours)).toBe(text);
  });

  test('working days follow the schedule: 16 hours of 8-hour days are 2 days', () => {
    const hours = withDays({ 1: [r('08:00', '12:00'), r('13:00', '17:00')], 2: [r('08:00', '16:00')] });
    hours.responseTimeHours = 16;
    expect(workingDayHours(hours)).toBe(8);
    expect(describeResponseTime(hours)).toBe('entro 2 giorni lavorativi');
  });

  test('closures name holidays and extra dates', () => {
    const hours = defaultModerationHours();
    hours.schedule.closedDates = ['2025-06-24', '2025-12-24'];
    expect(describeClosures(hours)).toBe(
      'I canali non sono presidiati nei giorni festivi e nei giorni 24 giugno 2025 e 24 dicembre 2025.',
    );
    hours.schedule.closedOnPublicHolidays = false;
    hours.schedule.closedDates = [];
    expect(describeClosures(hours)).toBe('');
  });
});
