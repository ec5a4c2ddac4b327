import { describe, expect, test } from 'vitest';
import { checkPost, checkVariant, hasBlocking, runChecks, sortFindings } from './index.ts';
import { context, image, variant, video } from './fixtures.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const TESTO =
  'Domenica 16 marzo torna il mercato contadino in piazza Maggiore, dalle 8 alle 13. Trovate frutta, verdura e formaggi dei produttori locali. Portate le vostre borse.\nInfo: https://www.comune.esempio.it/mercato\n#MercatoContadino #Bologna';

const ctx = context({ ownContacts: { phones: [], emails: [], domains: ['comune.esempio.it'] } });

describe('checkVariant', () => {
  test.each<[string, VariantInput, CheckContext, string[]]>([
    ['a good Facebook post', variant({ text: TESTO, media: [image('mercato.jpg', 'Banchi del mercato in piazza')] }), ctx, ['plain.gulpease']],
    [
      'Instagram without media, with a link',
      variant({ platform: 'instagram', text: TESTO }),
      ctx,
      ['media.required', 'links.not_clickable', 'plain.gulpease'],
    ],
    [
      'X over the limit with an image without alt',
      variant({ platform: 'x', text: `${TESTO} ${TESTO}`, media: [image('mercato.jpg', null)] }),
      ctx,
      ['length.over_limit', 'a11y.missing_alt', 'a11y.tag_position', 'plain.gulpease'],
    ],
    [
      'YouTube video without captions, in an electoral period',
      variant({ platform: 'youtube', text: 'Abbiamo realizzato il nuovo parco: guarda il video.', media: [video('parco.mp4')] }),
      context({ electoralPeriods: [{ id: 'e', name: 'Comunali', start: '2025-03-01', end: '2025-03-31' }] }),
      ['a11y.video_captions', 'par_condicio.period', 'par_condicio.sanctioned_wording', 'plain.gulpease'],
    ],
  ])('%s', (_name, v, c, ids) => {
    expect(checkVariant(v, c).map((f) => f.ruleId)).toEqual(ids);
  });

  test('every finding is complete and points into the text', () => {
    const v = variant({
      platform: 'x',
      text: `Oggi ho inaugurato la 🎉 in piazza con il PD 𝐁𝐨𝐥𝐨𝐠𝐧𝐚 #raccoltadifferenziata http://comune.esempio.it ${'x'.repeat(200)}`,
      media: [image('a.jpg', '')],
    });
    const all = checkVariant(v, ctx);
    expect(all.length).toBeGreaterThan(6);
    for (const f of all) {
      expect(f.ruleId).toMatch(/^[a-z0-9_]+\.[a-z_]+$/);
      expect(f.channelId).toBe('ch-1');
      expect(f.message.it.length).toBeGreaterThan(10);
      expect(f.message.en.length).toBeGreaterThan(10);
      expect(f.rule.length).toBeGreaterThan(2);
      if (f.span) {
        expect(f.span.start).toBeGreaterThanOrEqual(0);
        expect(f.span.end).toBeLessThanOrEqual(v.text.length);
        expect(f.span.start).toBeLessThan(f.span.end);
      }
    }
    const severities = all.map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ['blocking', 'warning', 'info'].indexOf(a) - ['blocking', 'warning', 'info'].indexOf(b)));
  });
});

describe('checkPost', () => {
  test('one result per variant, in order, and hasBlocking', () => {
    const results = checkPost(
      [
        variant({ channelId: 'fb', text: TESTO, media: [image('m.jpg', 'Banchi del mercato')] }),
        variant({ channelId: 'ig', platform: 'instagram', text: TESTO }),
      ],
      ctx,
    );
    expect(results.map((r) => r.channelId)).toEqual(['fb', 'ig']);
    expect(results[1]?.findings.every((f) => f.channelId === 'ig')).toBe(true);
    expect(hasBlocking(results.slice(0, 1))).toBe(false);
    expect(hasBlocking(results)).toBe(true);
  });
});

test('a failing check becomes a warning and the others still run', () => {
  const boom = (): Finding[] => {
    throw new Error('boom');
  };
  const ok = (): Finding[] => [
    { ruleId: 'x.y', severity: 'info', message: { it: 'ok', en: 'ok' }, rule: 'r', span: null, channelId: 'ch-1' },
  ];
  const f = runChecks(variant(), context(), [
    ['rotto', boom],
    ['buono', ok],
  ]);
  expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
    ['check.failed', 'warning'],
    ['x.y', 'info'],
  ]);
  expect(f[0]?.message.it).toContain('«rotto»');
});

test('sortFindings: severity, then position, spans before whole-post findings', () => {
  const mk = (severity: Finding['severity'], start: number | null): Finding => ({
    ruleId: `r.${severity}${start ?? 'n'}`,
    severity,
    message: { it: '', en: '' },
    rule: '',
    span: start === null ? null : { start, end: start + 1 },
    channelId: 'c',
  });
  const sorted = sortFindings([mk('info', 1), mk('warning', null), mk('blocking', 9), mk('warning', 3), mk('blocking', 2)]);
  expect(sorted.map((f) => f.ruleId)).toEqual(['r.blocking2', 'r.blocking9', 'r.warning3', 'r.warningn', 'r.info1']);
});
