import { describe, expect, test } from 'vitest';
import { FloodTracker, floodWords, mayBeNearIdentical, nearIdentical, signature } from './flood.fns.ts';

const w = (s: string) => floodWords(s.toLowerCase());

describe('FloodTracker', () => {
  test.each([
    // copies by one author within the window, expected sameAuthor of the last
    [['quando riapre il parco', 'quando riapre il parco?', 'quando riapre il parco!!'], [0, 60_000, 120_000], 3],
    [['quando riapre il parco', 'quando riapre il parco'], [0, 31 * 60_000], 1], // outside the window
    [['quando riapre il parco', 'a che ora chiude la biblioteca'], [0, 1000], 1],
    [['la strada di via roma è piena di buche', 'la strada di via roma è piena di buche enormi'], [0, 1000], 2], // near-identical
  ])('one author: %j', (texts, times, expected) => {
    const t = new FloodTracker();
    let last = 0;
    texts.forEach((text, i) => (last = t.record(w(text), 'u1', times[i]!).sameAuthor));
    expect(last).toBe(expected);
  });

  test('the same text by many authors is counted once per author', () => {
    const t = new FloodTracker();
    let n = 0;
    for (const a of ['a', 'b', 'c', 'a', 'd', 'e']) n = t.record(w('chiediamo la riapertura del parco giochi'), a, 1000).crossAuthors;
    expect(n).toBe(5);
  });

  test('the same comment recorded again (a re-delivery, same item id) is not a repeat', () => {
    const t = new FloodTracker();
    const text = w('quando riapre la biblioteca comunale');
    expect(t.record(text, 'a', 1000, 'fb:c1').sameAuthor).toBe(1);
    expect(t.record(text, 'a', 1001, 'fb:c1').sameAuthor).toBe(1);
    expect(t.record(text, 'a', 1002, 'fb:c1').sameAuthor).toBe(1);
    expect(t.record(text, 'a', 1003, 'fb:c2').sameAuthor).toBe(2); // another comment with the same text counts
    expect(t.record(text, 'a', 1004).sameAuthor).toBe(3); // so does one without an id
  });

  test('forget drops an author from the memory (erasure)', () => {
    const t = new FloodTracker();
    const text = w('chiediamo la riapertura del parco giochi');
    t.record(text, 'a', 1000);
    t.record(text, 'b', 1000);
    t.forget('a');
    expect(t.record(text, 'a', 1001).sameAuthor).toBe(1);
    expect(t.record(text, 'c', 1002).crossAuthors).toBe(3);
  });

  test('memory is swept: expired authors are forgotten', () => {
    const t = new FloodTracker({ windowMs: 1000 });
    for (let i = 0; i < 4000; i++) t.record(w(`commento numero ${i}`), `u${i}`, i * 10);
    expect(t.size().authors).toBeLessThan(4000);
  });
});

describe('nearIdentical', () => {
  /** Jaccard similarity the plain way, with sets. */
  const jaccard = (a: Uint32Array, b: Uint32Array) => {
    const sa = new Set(a);
    const inter = [...b].filter((x) => sa.has(x)).length;
    const union = new Set([...a, ...b]).size;
    return union === 0 ? 1 : inter / union;
  };
  /** A sorted distinct array of small numbers, so that two of them often share elements. */
  const randomSet = (rnd: () => number) => Uint32Array.from(new Set(Array.from({ length: Math.floor(rnd() * 14) }, () => Math.floor(rnd() * 24)))).sort();

  test('agrees with the Jaccard similarity on 20,000 random pairs, whatever the threshold', () => {
    let seed = 42;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let near = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = randomSet(rnd);
      const b = rnd() < 0.3 ? Uint32Array.from(new Set([...a, ...randomSet(rnd).slice(0, 2)])).sort() : randomSet(rnd);
      const t = [0.5, 0.8, 0.9][k % 3]!;
      const want = jaccard(a, b) >= t;
      if (want) near++;
      expect(nearIdentical(a, b, t), `${[...a]} / ${[...b]} at ${t}`).toBe(want);
    }
    expect(near).toBeGreaterThan(1000); // both answers were exercised
  });

  test('the signature filter never rules out a near-identical pair, and rules out most others', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // Word hashes spread over 32 bits, few enough that pairs often share words.
    const pool = Array.from({ length: 40 }, () => Math.floor(rnd() * 2 ** 32) >>> 0);
    const set = () => Uint32Array.from(new Set(Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => pool[Math.floor(rnd() * pool.length)]!))).sort();
    let ruledOut = 0;
    let far = 0;
    for (let k = 0; k < 20_000; k++) {
      const a = set();
      const b = rnd() < 0.4 ? Uint32Array.from(new Set([...a.slice(1), ...set().slice(0, 1)])).sort() : set();
      const t = [0.5, 0.8, 0.9][k % 3]!;
      const near = nearIdentical(a, b, t);
      const may = mayBeNearIdentical(signature(a), a.length, signature(b), b.length, t);
      if (near) expect(may, `${[...a]} / ${[...b]} at ${t}`).toBe(true);
      else {
        far++;
        if (!may) ruledOut++;
      }
    }
    expect(far).toBeGreaterThan(5000);
    expect(ruledOut / far).toBeGreaterThan(0.5);
  });
});
