import { describe, expect, test } from 'vitest';
import { measureText, platformLimits, PLATFORMS, scanLength, type Platform } from './platforms.fns.ts';

describe('platformLimits', () => {
  test.each<[Platform, number | null, string]>([
    ['x', 280, 'x-weighted'],
    ['bluesky', 300, 'graphemes'],
    ['mastodon', 500, 'graphemes'],
    ['activitypub', 500, 'graphemes'],
    ['instagram', 2200, 'chars'],
    ['linkedin', 3000, 'chars'],
    ['facebook_page', 63206, 'chars'],
    ['telegram', 4096, 'chars'],
    ['whatsapp', 4096, 'chars'],
    ['youtube', 5000, 'chars'],
    ['website', null, 'chars'],
    ['rss', null, 'chars'],
  ])('%s: %s, %s', (p, max, counting) => {
    expect(platformLimits(p).maxChars).toBe(max);
    expect(platformLimits(p).counting).toBe(counting);
  });

  test('media requirements', () => {
    expect(platformLimits('instagram').requiresMedia).toBe('image_or_video');
    expect(platformLimits('youtube').requiresMedia).toBe('video');
    expect(platformLimits('x').requiresMedia).toBeUndefined();
    expect(platformLimits('telegram').captionMaxChars).toBe(1024);
    expect(PLATFORMS).toHaveLength(13);
  });
});

describe('measureText', () => {
  const longUrl = 'https://www.comune.bologna.it/notizie/raccolta-differenziata-nuovo-calendario-2025';
  test.each<[Platform, string, number]>([
    ['x', 'Ciao Bologna', 12],
    ['x', `Calendario: ${longUrl}`, 12 + 23],
    ['x', 'Prenota su www.comune.firenze.it', 11 + 23],
    ['x', 'Città più bella', 15],
    ['x', 'Festa 🎉', 6 + 2],
    ['x', 'Famiglie 👨‍👩‍👧', 9 + 2],
    ['x', '東京', 4],
    ['x', '“Virgolette” — ok', 17],
    ['x', 'Caffe\u0301', 5],
    ['bluesky', 'Famiglie 👨‍👩‍👧 🇮🇹', 12],
    ['bluesky', `Link ${longUrl}`, 5 + longUrl.length],
    ['bluesky', 'Caffe\u0301\r\n', 6],
    ['mastodon', `Leggi ${longUrl}`, 6 + 23],
    ['mastodon', 'Prenota su www.comune.firenze.it', 32],
    ['mastodon', 'Grazie @protezionecivile@mastodon.uno', 7 + 17],
    ['instagram', 'Ciao 👋 Bologna', 14],
    ['facebook_page', '𝐁𝐨𝐥𝐨𝐠𝐧𝐚', 7],
  ])('%s counts %j as %i', (p, text, n) => {
    expect(measureText(p, text)).toBe(n);
  });

  test.each<[Platform, string, number, number | null]>([
    ['x', 'a'.repeat(290), 280, 280],
    ['x', 'a'.repeat(280), 280, null],
    ['x', `${'a'.repeat(270)} https://www.comune.it/x`, 280, 271],
    ['x', `${'a'.repeat(279)}東`, 280, 279],
    ['bluesky', `${'🎉'.repeat(301)}`, 300, 600],
    ['linkedin', `${'é'.repeat(3000)}!`, 3000, 3000],
    ['instagram', `${'😀'.repeat(2201)}`, 2200, 4400],
  ])('%s overflow, case %#', (p, text, limit, at) => {
    expect(scanLength(p, text, limit).overflowAt).toBe(at);
  });
});
