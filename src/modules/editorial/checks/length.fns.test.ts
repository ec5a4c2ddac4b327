import { describe, expect, test } from 'vitest';
import { checkLength, checkTitle } from './length.fns.ts';
import { image, variant, video } from './fixtures.ts';
import type { MediaItem } from './types.ts';
import type { Platform } from '../platforms.fns.ts';

const ALLERTA =
  'ALLERTA METEO – Martedì 14 ottobre: Codice Giallo per rischio idrogeologico-idraulico e temporali forti dalle ore 00.00 alle ore 13.00. ';

describe('checkLength: over limit', () => {
  test.each<[Platform, string, MediaItem[], number | undefined, string | null]>([
    ['x', 'a'.repeat(297), [], undefined, 'Il testo supera di 17 caratteri il limite di 280 di X'],
    ['x', 'a'.repeat(280), [], undefined, null],
    ['x', `${'a'.repeat(270)} 🎉🎉🎉🎉🎉🎉🎉🎉`, [], undefined, 'Il testo supera di 7 caratteri il limite di 280 di X'],
    ['bluesky', ALLERTA.repeat(3), [], undefined, 'Il testo supera di 108 caratteri il limite di 300 di Bluesky'],
    ['mastodon', 'b'.repeat(501), [], undefined, 'Il testo supera di 1 carattere il limite di 500 di Mastodon'],
    ['mastodon', 'b'.repeat(501), [], 1000, null],
    ['mastodon', 'b'.repeat(1001), [], 1000, 'Il testo supera di 1 carattere il limite di 1000 di Mastodon'],
    ['telegram', 'c'.repeat(2000), [], undefined, null],
    ['telegram', 'c'.repeat(2000), [image('foto.jpg')], undefined, 'Il testo supera di 976 caratteri il limite di 1024 di Telegram per la didascalia'],
    ['instagram', 'd'.repeat(2210), [image('a.jpg')], undefined, 'Il testo supera di 10 caratteri il limite di 2200 di Instagram'],
    ['linkedin', 'e'.repeat(3001), [], undefined, 'il limite di 3000 di LinkedIn'],
    ['facebook_page', 'f'.repeat(63210), [], undefined, 'Il testo supera di 4 caratteri il limite di 63.206 di Facebook'],
    ['website', 'g'.repeat(100000), [], undefined, null],
  ])('%s %#', (platform, text, media, limitOverride, expected) => {
    const f = checkLength(variant({ platform, text, media, limitOverride })).filter((x) => x.ruleId === 'length.over_limit');
    if (expected === null) {
      expect(f).toEqual([]);
    } else {
      expect(f).toHaveLength(1);
      expect(f[0]?.severity).toBe('blocking');
      expect(f[0]?.message.it).toContain(expected);
      expect(f[0]?.message.en).toMatch(/exceeds the .*-character limit/);
    }
  });

  test('the span covers exactly the overflow', () => {
    const text = `${'a'.repeat(280)}TAGLIAMI`;
    const [f] = checkLength(variant({ platform: 'x', text }));
    expect(f?.span).toEqual({ start: 280, end: text.length });
    expect(text.slice(f?.span?.start, f?.span?.end)).toBe('TAGLIAMI');
  });
});

describe('checkLength: media', () => {
  test.each<[Platform, MediaItem[], string | null]>([
    ['instagram', [], "Instagram richiede almeno un'immagine o un video"],
    ['instagram', [image('mercato.jpg')], null],
    ['instagram', [video('spot.mp4', { hasCaptions: true })], null],
    ['youtube', [image('copertina.jpg')], 'YouTube richiede un video'],
    ['youtube', [video('consiglio-comunale.mp4')], null],
    ['x', [], null],
  ])('%s %#', (platform, media, expected) => {
    const f = checkLength(variant({ platform, text: 'Vi aspettiamo al mercato.', media })).filter((x) => x.ruleId === 'media.required');
    expect(f.map((x) => x.message.it)).toEqual(expected === null ? [] : [expect.stringContaining(expected)]);
    for (const x of f) expect(x.severity).toBe('blocking');
  });

  test('an empty post is blocking', () => {
    expect(checkLength(variant({ text: '  ' })).map((f) => f.ruleId)).toEqual(['length.empty']);
  });
});

describe('checkTitle', () => {
  test.each<[Platform, string, string[]]>([
    ['youtube', 'Consiglio comunale del 12 marzo 2025', []],
    ['youtube', 'T'.repeat(101), ['length.title_over_limit']],
    ['youtube', ' ', ['length.title_missing']],
    ['x', 'T'.repeat(500), []],
  ])('%s %#', (platform, title, ids) => {
    expect(checkTitle(platform, title, 'yt').map((f) => f.ruleId)).toEqual(ids);
  });
});
