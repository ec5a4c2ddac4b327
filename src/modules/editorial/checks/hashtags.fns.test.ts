import { describe, expect, test } from 'vitest';
import { checkHashtags, suggestCamelCase } from './hashtags.fns.ts';
import { variant } from './fixtures.ts';

describe('suggestCamelCase', () => {
  test.each<[string, string | null]>([
    ['raccoltadifferenziata', 'RaccoltaDifferenziata'],
    ['protezionecivile', 'ProtezioneCivile'],
    ['allertameteo', 'AllertaMeteo'],
    ['comunedibologna', 'ComuneDiBologna'],
    ['estate2025inpiazza', 'Estate2025InPiazza'],
    ['PROTEZIONECIVILE', 'ProtezioneCivile'],
    ['bologna', null],
    ['sagradellaporchettaariccia', null],
  ])('%s → %s', (body, expected) => {
    expect(suggestCamelCase(body)).toBe(expected);
  });
});

describe('checkHashtags: CamelCase', () => {
  test.each<[string, string[], string | null]>([
    ['Info alla fine. #raccoltadifferenziata', ['#raccoltadifferenziata'], '#RaccoltaDifferenziata'],
    ['Info. #RaccoltaDifferenziata #Bologna', [], null],
    ['Info. #allertameteo', ['#allertameteo'], '#AllertaMeteo'],
    ['Info. #PROTEZIONECIVILE', ['#PROTEZIONECIVILE'], '#ProtezioneCivile'],
    ['Info. #sagradellaporchettaariccia', ['#sagradellaporchettaariccia'], null],
    ['Info. #Sagradellaporchetta', ['#Sagradellaporchetta'], null],
    ['Info. #urp #bologna #URP', [], null],
    ['Leggi https://comune.it/#raccoltadifferenziata', [], null],
  ])('%s', (text, tags, suggestion) => {
    const f = checkHashtags(variant({ text })).filter((x) => x.ruleId === 'a11y.hashtag_camelcase');
    expect(f.map((x) => text.slice(x.span?.start, x.span?.end))).toEqual(tags);
    for (const x of f) expect(x.severity).toBe('warning');
    if (suggestion) expect(f[0]?.message.it).toContain(suggestion);
    else if (f[0]) expect(f[0].message.it).toContain("l'iniziale maiuscola");
  });
});

describe('checkHashtags: position', () => {
  test.each<[string, string[]]>([
    ['Domani il mercato in piazza. #Bologna #Mercato', []],
    ['Domani #Bologna ospita la fiera del libro', ['#Bologna']],
    ['Grazie a @ProtezioneCivile per il supporto.\n#AllertaMeteo', ['@ProtezioneCivile']],
    ['Aggiornamenti su @comune@mastodon.uno', []],
    ['Scrivi a urp@comune.it oggi', []],
    ['Oggi #allertameteo gialla su tutta la regione', ['#allertameteo']],
  ])('%s', (text, tags) => {
    const f = checkHashtags(variant({ text })).filter((x) => x.ruleId === 'a11y.tag_position');
    expect(f.map((x) => text.slice(x.span?.start, x.span?.end))).toEqual(tags);
    for (const x of f) expect(x.severity).toBe('info');
  });
});
