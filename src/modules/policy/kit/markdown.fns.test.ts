import { describe, expect, test } from 'vitest';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { draftInternalPolicy } from './internal.fns.ts';
import { bodyToMarkdown, mdEscape, renderPolicyMarkdown } from './markdown.fns.ts';

const meta = {
  enteName: 'Comune di Esempio',
  version: 2,
  adoption: { type: 'delibera', number: '45', date: '2025-03-07' },
  publishedUrl: 'https://www.comune.esempio.it/social-media-policy',
} as const;

describe('renderPolicyMarkdown', () => {
  const md = renderPolicyMarkdown(draftExternalPolicy(comuneDiEsempio()), meta);

  test('has the title, the adoption act and numbered sections', () => {
    expect(md.startsWith('# Social media policy esterna – Comune di Esempio\n')).toBe(true);
    expect(md).toContain('Versione 2. Adottata con delibera n. 45 del 7 marzo 2025.');
    expect(md).toContain('<https://www.comune.esempio.it/social-media-policy>');
    expect(md).toContain('## 1. Perché siamo sui social');
    expect(md).toContain('## 5. Moderazione: le regole');
  });

  test('prints every clause as a numbered h3 with its action and sanctions', () => {
    expect(md).toContain('### 5.1 Insulti e offese');
    expect(md).toContain('### 5.14 Contenuti illeciti');
    expect(md).toContain('Cosa succede: il commento viene nascosto.');
    expect(md).toContain('un avviso alla seconda violazione, poi il blocco alla terza violazione in 90 giorni.');
    expect(md.indexOf('### 5.1 ')).toBeLessThan(md.indexOf('## 6. Orari'));
  });

  test('keeps links as CommonMark links', () => {
    expect(md).toContain('[Comune di Esempio](<https://www.facebook.com/comunediesempio>)');
  });

  test('a draft says it is not adopted yet', () => {
    const d = renderPolicyMarkdown(draftInternalPolicy(comuneDiEsempio()), { enteName: 'Comune di Esempio', adoption: null });
    expect(d).toContain('Bozza non ancora adottata.');
    expect(d).not.toContain('###');
  });

  test('escapes a hostile Ente name everywhere', () => {
    const p = comuneDiEsempio();
    p.ente.name = '<script>alert(1)</script>';
    p.channels[0]!.name = '<img src=x onerror=alert(1)>';
    const out = renderPolicyMarkdown(draftExternalPolicy(p), { enteName: p.ente.name });
    expect(out).not.toMatch(/<script|<img/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('markdown escaping', () => {
  test.each([
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['a & b <c>', 'a &amp; b &lt;c&gt;'],
    ['[x](y)', '\\[x\\](y)'],
    ['`code`', '\\`code\\`'],
  ])('mdEscape(%s)', (input, expected) => {
    expect(mdEscape(input)).toBe(expected);
  });

  test('a body line cannot become a heading or an ordered list', () => {
    expect(bodyToMarkdown('# titolo')).toBe('\\# titolo');
    expect(bodyToMarkdown('1. primo')).toBe('1\\. primo');
  });
});
