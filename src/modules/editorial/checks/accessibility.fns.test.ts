import { describe, expect, test } from 'vitest';
import { checkAccessibility, checkEmoji, checkFancyUnicode, checkMediaAccessibility } from './accessibility.fns.ts';
import { image, variant, video } from './fixtures.ts';
import type { MediaItem } from './types.ts';

describe('media', () => {
  test.each<[string, MediaItem[], [string, string, string][]]>([
    ['alt text present', [image('mercato.jpg', 'Banchi di frutta al mercato di piazza Maggiore')], []],
    ['alt text missing', [image('mercato.jpg', null)], [['a11y.missing_alt', 'blocking', '«mercato.jpg»']]],
    ['alt text blank', [image('sagra.png', '   ')], [['a11y.missing_alt', 'blocking', '«sagra.png»']]],
    ['alt text is the filename', [image('IMG_2041.jpg', 'IMG_2041.jpg')], [['a11y.alt_text_poor', 'warning', 'IMG_2041.jpg']]],
    ['alt text is generic', [image('a.jpg', 'Foto 1')], [['a11y.alt_text_poor', 'warning', 'Foto 1']]],
    ['video without captions', [video('consiglio.mp4')], [['a11y.video_captions', 'blocking', '«consiglio.mp4»']]],
    ['video with captions file', [video('consiglio.mp4', { captionsUrl: 'https://comune.it/c.vtt' })], []],
    ['video with burnt-in captions', [video('spot.mp4', { hasCaptions: true })], []],
    [
      'two images, one without alt',
      [image('uno.jpg', 'La nuova biblioteca'), image('due.jpg', '')],
      [['a11y.missing_alt', 'blocking', '«due.jpg»']],
    ],
  ])('%s', (_name, media, expected) => {
    const f = checkMediaAccessibility(variant({ text: 'Inaugurazione', media }));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual(expected.map(([id, sev]) => [id, sev]));
    f.forEach((x, i) => expect(x.message.it).toContain(expected[i]?.[2]));
  });
});

describe('fancy Unicode', () => {
  test.each<[string, string | null, string | null]>([
    ['Vieni a 𝐁𝐨𝐥𝐨𝐠𝐧𝐚 𝐂𝐞𝐧𝐭𝐫𝐨 domani', '𝐁𝐨𝐥𝐨𝐠𝐧𝐚 𝐂𝐞𝐧𝐭𝐫𝐨', 'Bologna Centro'],
    ['𝓑𝓮𝓷𝓿𝓮𝓷𝓾𝓽𝓲 in biblioteca', '𝓑𝓮𝓷𝓿𝓮𝓷𝓾𝓽𝓲', 'Benvenuti'],
    ['Ｃｏｍｕｎｅ informa', 'Ｃｏｍｕｎｅ', 'Comune'],
    ['Evento Ⓖⓡⓐⓣⓘⓢ', 'Ⓖⓡⓐⓣⓘⓢ', 'Gratis'],
    ['ᴀᴠᴠɪsᴏ importante', 'ᴀᴠᴠ', null],
    ['Prezzo s̶c̶o̶n̶t̶a̶t̶o̶ oggi', 's̶c̶o̶n̶t̶a̶t̶o̶', 'scontato'],
    ['Città più bella, àèìòù ™ © 20 °C', null, null],
  ])('%s', (text, run, hint) => {
    const f = checkFancyUnicode(variant({ text }));
    if (run === null) {
      expect(f).toEqual([]);
      return;
    }
    expect(f[0]?.ruleId).toBe('a11y.fancy_unicode');
    expect(f[0]?.severity).toBe('blocking');
    expect(text.slice(f[0]?.span?.start, f[0]?.span?.end)).toContain(run);
    if (hint) expect(f[0]?.message.it).toContain(`scrivi «${hint}»`);
  });
});

describe('emoji', () => {
  test.each<[string, string[]]>([
    ['Vi aspettiamo in piazza! 🎉', []],
    ['Vieni alla 🎉 in piazza', ['a11y.emoji_for_word']],
    ['Ci vediamo alle 18 ⏰ in biblioteca', ['a11y.emoji_for_word']],
    ['Festa in piazza 🎉 Vi aspettiamo', []],
    ['Festa in piazza 🎉🎊 con la banda', ['a11y.emoji_for_word']],
    ['🎉 Festa 🎊 Musica 🎶 Cibo 🍕', ['a11y.emoji_count']],
    ['Giornata ecologica 🌳🌍♻️🚲🌼', ['a11y.emoji_count']],
    ['Sole ☀️ pioggia 🌧️ e vento', ['a11y.emoji_for_word', 'a11y.emoji_for_word']],
  ])('%s', (text, ids) => {
    expect(checkEmoji(variant({ text })).map((f) => f.ruleId)).toEqual(ids);
  });

  test('the count warning points at the first emoji over the threshold', () => {
    const text = 'Giornata ecologica 🌳🌍♻️🚲🌼';
    const [f] = checkEmoji(variant({ text }));
    expect(text.slice(f?.span?.start, f?.span?.end)).toBe('🚲');
    expect(f?.message.it).toContain('5 emoji');
  });
});

test('checkAccessibility runs every part', () => {
  const ids = checkAccessibility(variant({ text: '𝐂𝐢𝐚𝐨 vieni alla 🎉 in piazza', media: [image('x.jpg', null)] })).map((f) => f.ruleId);
  expect(ids.sort()).toEqual(['a11y.emoji_for_word', 'a11y.fancy_unicode', 'a11y.missing_alt']);
});
