import { describe, expect, test } from 'vitest';
import { extractLinks, findEmoji, findHashtags, findMentions } from './text.fns.ts';

describe('extractLinks', () => {
  test.each([
    ['Tutte le info su https://www.comune.bologna.it/servizi.', ['https://www.comune.bologna.it/servizi'], ['https']],
    ['Modulo (https://it.wikipedia.org/wiki/Bologna_(citt%C3%A0)) qui', ['https://it.wikipedia.org/wiki/Bologna_(citt%C3%A0)'], ['https']],
    ['Vedi http://albo.comune.esempio.it, poi firma.', ['http://albo.comune.esempio.it'], ['http']],
    ['Iscriviti su www.comune.firenze.it!', ['http://www.comune.firenze.it'], [null]],
    ['Prenota su prenotazioni.comune.torino.it/cie oggi', ['http://prenotazioni.comune.torino.it/cie'], [null]],
    ['Scrivi a urp@comune.milano.it per informazioni', [], []],
    ['Apertura alle ore 9.30, art.3 del regolamento', [], []],
    ['«https://www.inps.it»', ['https://www.inps.it'], ['https']],
  ])('%s', (text, urls, schemes) => {
    const links = extractLinks(text);
    expect(links.map((l) => l.url)).toEqual(urls);
    expect(links.map((l) => l.scheme)).toEqual(schemes);
    for (const l of links) expect(text.slice(l.start, l.end)).toBe(l.text);
  });
});

describe('findEmoji', () => {
  test.each([
    ['Festa in piazza 🎉🎉', ['🎉', '🎉']],
    ['Bravi! 👏🏽 e 👨‍👩‍👧 insieme', ['👏🏽', '👨‍👩‍👧']],
    ['Forza 🇮🇹 e 1️⃣', ['🇮🇹', '1️⃣']],
    ['© Comune di Lecce ™ 2025', []],
    ['Attenzione ⚠️ e ⚠ senza selettore', ['⚠️']],
    ['Nessuna emoji qui: 3 + 4 = 7 #1', []],
  ])('%s', (text, expected) => {
    expect(findEmoji(text).map((e) => e.text)).toEqual(expected);
  });
});

describe('hashtags and mentions', () => {
  test.each([
    ['Domani #RaccoltaDifferenziata e #2025 #Bologna2025', ['RaccoltaDifferenziata', 'Bologna2025']],
    ['Vedi https://comune.it/#/mappa #città', ['città']],
    ['AT&T#no e C#', []],
  ])('hashtags in %s', (text, expected) => {
    expect(findHashtags(text).map((h) => h.body)).toEqual(expected);
  });
  test.each([
    ['Con @ComuneDiMilano e @comune@mastodon.uno', ['ComuneDiMilano', 'comune'], ['@ComuneDiMilano', '@comune@mastodon.uno']],
    ['Scrivi a urp@comune.it o segui @regione.bsky.social.', ['regione.bsky.social'], ['@regione.bsky.social']],
  ])('mentions in %s', (text, bodies, texts) => {
    const m = findMentions(text);
    expect(m.map((x) => x.body)).toEqual(bodies);
    expect(m.map((x) => x.text)).toEqual(texts);
  });
});

test('memoised tokenisers hand out fresh arrays', () => {
  const text = 'Vedi https://www.comune.it e #Bologna';
  const a = extractLinks(text);
  a.push({ start: 0, end: 1, text: 'x', url: 'x', scheme: null });
  expect(extractLinks(text)).toHaveLength(1);
  const h = findHashtags(text);
  h.length = 0;
  expect(findHashtags(text).map((x) => x.body)).toEqual(['Bologna']);
});
