import { describe, expect, test } from 'vitest';
import { normalizeForMatching, originalSpan } from './normalize.ts';

describe('normalizeForMatching', () => {
  test.each([
    ['Perché NON funziona?', 'perche non funziona?'],
    ['sei uno SCEMOOOOO', 'sei uno scemoo'],
    ['c0gl10ne', 'coglione'],
    ['m3rd4!', 'merda!'],
    ['sei uno s c e m o davvero', 'sei uno scemo davvero'],
    ['che m.e.r.d.a.', 'che merda'],
    ['s-t-r-o-n-z-o', 'stronzo'],
    ['m*rda', 'm*rda'],
    ['@ss@ssino', 'assassino'],
    ['in 10 giorni, il 3 maggio', 'in 10 giorni, il 3 maggio'],
    ['a e i o', 'a e i o'],
    ['𝐬𝐜𝐞𝐦𝐨', 'scemo'],
    ['', ''],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeForMatching(input).text).toBe(expected);
  });

  test('spans in the normalized text map back to the original text', () => {
    const original = 'Tu sei uno S C E M O!!';
    const n = normalizeForMatching(original);
    const at = n.text.indexOf('scemo');
    const span = originalSpan(n, at, at + 5);
    expect(original.slice(span.start, span.end)).toBe('S C E M O');
  });

  test('accented and repeated letters map back over the whole original run', () => {
    const original = 'è uno SCEMOOOO';
    const n = normalizeForMatching(original);
    const at = n.text.indexOf('scemo');
    const span = originalSpan(n, at, n.text.length);
    expect(original.slice(span.start, span.end)).toBe('SCEMOOOO');
    expect(n.text.startsWith('e ')).toBe(true);
  });

  test('a leading byte-order mark keeps offsets aligned', () => {
    const original = '\uFEFFSei uno SCEMO';
    const n = normalizeForMatching(original);
    expect(n.text.length).toBe(n.start.length);
    const at = n.text.indexOf('scemo');
    const span = originalSpan(n, at, at + 5);
    expect(original.slice(span.start, span.end)).toBe('SCEMO');
  });

  test('binary and mixed scripts do not throw', () => {
    const s = '\u0000\uD800Привет 你好 \u{1F600} m3rd4';
    expect(normalizeForMatching(s).text.endsWith('merda')).toBe(true);
  });
});
