import { describe, expect, test } from 'vitest';
import { detectSpikes, hourOfWeek, robustBaseline, type HourCount } from './listening.fns.ts';

const H = 3_600_000;
const start = Date.UTC(2026, 0, 5, 0); // a Monday

/** Five weeks of a regular, noisy channel (a daily rhythm) with spikes planted at the given hours. */
function series(plants: Record<number, { total?: number; negative?: number }>): HourCount[] {
  const out: HourCount[] = [];
  for (let i = 0; i < 5 * 168; i++) {
    const hod = i % 24;
    const base = hod >= 8 && hod <= 20 ? 12 : 3;
    const noise = (i * 7919) % 5; // deterministic 0..4
    const p = plants[i] ?? {};
    out.push({ hour: new Date(start + i * H), total: p.total ?? base + noise, negative: p.negative ?? (noise % 2) });
  }
  return out;
}

describe('spike detection', () => {
  test.each([
    { name: 'no spike in a regular series', plants: {}, expected: [] as number[] },
    { name: 'one volume spike at night', plants: { [4 * 168 + 3]: { total: 60 } }, expected: [4 * 168 + 3] },
    { name: 'a daytime volume spike and a tone spike', plants: { [4 * 168 + 100]: { total: 80 }, [4 * 168 + 130]: { negative: 25 } }, expected: [4 * 168 + 100, 4 * 168 + 130] },
    { name: 'a doubling below the MAD threshold is not a spike', plants: { [4 * 168 + 14]: { total: 19 } }, expected: [] },
    { name: 'spikes in the first weeks have no baseline yet', plants: { 10: { total: 500 }, [3 * 168 + 10]: { total: 90 } }, expected: [3 * 168 + 10] },
  ])('$name', ({ plants, expected }) => {
    const got = detectSpikes(series(plants)).map((s) => (s.hour.getTime() - start) / H);
    expect(got).toEqual(expected);
  });

  test('reasons and baseline', () => {
    const [s] = detectSpikes(series({ [4 * 168 + 130]: { negative: 25 } }));
    expect(s!.reasons).toEqual(['negative']);
    expect(s!.baseline.negative).toBeLessThan(2);
  });

  test('robust baseline and hour of week', () => {
    expect(robustBaseline([1, 2, 3, 4, 100])).toEqual({ median: 3, mad: 1.4826 });
    expect(hourOfWeek(new Date('2026-01-05T00:30:00Z'), 'Europe/Rome')).toBe(1); // Monday 01:30 in Rome
  });
});
