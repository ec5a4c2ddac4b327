import { describe, expect, test } from 'vitest';
import { checkLinks, variantLinks } from './links.fns.ts';
import { context, image, variant } from './fixtures.ts';
import type { Platform } from '../platforms.fns.ts';

const BANDO = 'https://www.comune.esempio.it/bandi/contributi-affitto-2025';

describe('checkLinks', () => {
  test.each<[string, string, string | null, Record<string, number | 'error'> | undefined, [string, string, string | null][]]>([
    ['https and reachable', `Domande entro il 30 giugno: ${BANDO}`, null, { [BANDO]: 200 }, []],
    ['https, status unknown', `Domande: ${BANDO}`, null, undefined, []],
    ['redirect is fine', `Domande: ${BANDO}`, null, { [BANDO]: 301 }, []],
    ['http', 'Albo pretorio: http://albo.comune.esempio.it', null, undefined, [['links.not_https', 'warning', 'http://albo.comune.esempio.it']]],
    ['no scheme', 'Prenota su www.comune.esempio.it', null, undefined, [['links.not_https', 'warning', 'www.comune.esempio.it']]],
    ['404', `Domande: ${BANDO}`, null, { [BANDO]: 404 }, [['links.broken', 'blocking', BANDO]]],
    ['server error', `Domande: ${BANDO}`, null, { [BANDO]: 503 }, [['links.broken', 'warning', BANDO]]],
    ['gone', `Domande: ${BANDO}`, null, { [BANDO]: 410 }, [['links.broken', 'blocking', BANDO]]],
    ['unreachable', `Domande: ${BANDO}`, null, { [BANDO]: 'error' }, [['links.broken', 'warning', BANDO]]],
    [
      'preview link, http and broken',
      'Leggi il bando.',
      'http://www.comune.esempio.it/bando',
      { 'http://www.comune.esempio.it/bando': 410 },
      [
        ['links.not_https', 'warning', null],
        ['links.broken', 'blocking', null],
      ],
    ],
    ['preview link already in the text', `Leggi ${BANDO}`, BANDO, { [BANDO]: 200 }, []],
  ])('%s', (_name, text, link, linkStatus, expected) => {
    const f = checkLinks(variant({ text, link }), context({ linkStatus }));
    expect(f.map((x) => [x.ruleId, x.severity, x.span ? text.slice(x.span.start, x.span.end) : null])).toEqual(expected);
  });

  test('the broken-link message says so in Italian', () => {
    const [f] = checkLinks(variant({ text: BANDO }), context({ linkStatus: { [BANDO]: 404 } }));
    expect(f?.message.it).toContain('Link non raggiungibile');
    expect(f?.message.it).toContain('404');
  });

  test.each<[Platform, number]>([
    ['instagram', 1],
    ['facebook_page', 0],
  ])('links in a %s caption: %i info', (platform, n) => {
    const f = checkLinks(variant({ platform, text: `Info: ${BANDO}`, media: [image('a.jpg')] }), context());
    expect(f.filter((x) => x.ruleId === 'links.not_clickable' && x.severity === 'info')).toHaveLength(n);
  });
});

test('variantLinks lists what the caller must fetch', () => {
  const v = variant({ text: `Vedi ${BANDO} e www.inps.it.`, link: 'https://www.comune.esempio.it/' });
  expect(variantLinks(v).map((l) => l.url)).toEqual([BANDO, 'http://www.inps.it', 'https://www.comune.esempio.it/']);
});
