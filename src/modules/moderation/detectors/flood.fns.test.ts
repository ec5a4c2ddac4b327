import { describe, expect, test } from 'vitest';
import { FloodTracker } from '../flood.fns.ts';
import { detectFlood } from './flood.fns.ts';
import { scanOf } from './test-scan.ts';

const at = (min: number) => new Date(Date.UTC(2025, 2, 4, 9, min));

describe('detectFlood', () => {
  test.each([
    // authors of successive copies of one text, expected outcome of the last copy
    [['u1', 'u1', 'u1'], 'hide'],
    [['u1', 'u1'], null], // a question asked twice is not a flood
    [['a', 'b', 'c', 'd', 'e'], 'review'], // same text by five people: a person looks
    [['a', 'b', 'c', 'd'], null],
  ])('%j -> %s', (authors, expected) => {
    const flood = new FloodTracker();
    let last: string | null = null;
    authors.forEach((author, i) => {
      const d = detectFlood(scanOf('Chiediamo la riapertura del parco giochi di via Dante', { author, at: at(i) }, { flood }));
      last = d[0]?.ceiling ?? null;
    });
    expect(last).toBe(expected);
  });

  test('without a tracker nothing is remembered', () => {
    expect(detectFlood(scanOf('ciao', { author: 'u1' }))).toEqual([]);
  });
});
