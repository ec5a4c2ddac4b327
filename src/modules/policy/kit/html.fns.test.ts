import { describe, expect, test } from 'vitest';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { draftInternalPolicy } from './internal.fns.ts';
import { escapeHtml, renderPolicyHtml } from './html.fns.ts';

const meta = { enteName: 'Comune di Esempio', version: 1, adoption: { type: 'determina', number: '7/2025', date: '2025-06-30' } } as const;
// jsdom ships no types and the server's tsconfig has no DOM lib: type the little we use.
interface El {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface Doc {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
}
interface JsdomModule {
  JSDOM: new (html: string) => { window: { document: Doc } };
}
const jsdomName = 'jsdom';
const { JSDOM } = (await import(jsdomName)) as JsdomModule;
const parse = (html: string): Doc => new JSDOM(`<!doctype html><body>${html}</body>`).window.document;

describe('renderPolicyHtml', () => {
  const doc = draftExternalPolicy(comuneDiEsempio());
  const html = renderPolicyHtml(doc, meta);
  const dom = parse(html);

  test('headings go h1, h2, h3 without skipping a level', () => {
    const levels = [...dom.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
    expect(levels[0]).toBe(1);
    expect(dom.querySelectorAll('h1')).toHaveLength(1);
    levels.reduce((prev, l) => {
      expect(l - prev).toBeLessThanOrEqual(1);
      return l;
    });
    expect(dom.querySelectorAll('section h3')).toHaveLength(14);
  });

  test('the table of contents links to every section', () => {
    const links = [...dom.querySelectorAll('nav .it-list a')].map((a) => a.getAttribute('href'));
    expect(links).toHaveLength(doc.sections.length);
    for (const href of links) expect(dom.querySelector(href ?? '#none')).not.toBeNull();
  });

  test('clauses are an ordered list, one item per clause, with category and action', () => {
    const items = dom.querySelectorAll('ol.policy-clauses > li');
    expect(items).toHaveLength(14);
    expect(items[0]?.id).toBe('clausola-5-1');
    expect(items[0]?.getAttribute('data-category')).toBe('insulti');
    expect(items[0]?.textContent).toContain('Cosa succede: il commento viene nascosto.');
  });

  test('uses Bootstrap Italia classes, no inline styles, and the adoption act', () => {
    expect(dom.querySelector('article.container[lang="it"]')).not.toBeNull();
    expect(dom.querySelector('[style]')).toBeNull();
    expect(html).not.toMatch(/<(html|head|body)[\s>]/);
    expect(dom.querySelector('.policy-adoption')?.textContent).toBe(
      'Versione 1. Adottata con determina n. 7/2025 del 30 giugno 2025.',
    );
  });

  test('channel links are real anchors', () => {
    const a = dom.querySelector('#sezione-canali a[href="https://www.facebook.com/comunediesempio"]');
    expect(a?.textContent).toBe('Comune di Esempio');
  });

  test('escapes a hostile Ente, channel, meta and body', () => {
    const p = comuneDiEsempio();
    p.ente.name = '<script>alert(1)</script>';
    p.channels[0]!.name = '"><img src=x onerror=alert(1)>';
    p.channels[1]!.url = 'javascript:alert(1)';
    const d = draftInternalPolicy(p);
    d.sections[0]!.body += '\n\n<iframe src="https://evil.example"></iframe> [click](javascript:alert(2))';
    const hostile = parse(
      renderPolicyHtml(draftExternalPolicy(p), { enteName: p.ente.name, publishedUrl: 'javascript:x' }) +
        renderPolicyHtml(d, { enteName: p.ente.name }),
    );
    expect(hostile.querySelectorAll('script, img, iframe')).toHaveLength(0);
    expect(hostile.querySelectorAll('[onerror]')).toHaveLength(0);
    const hrefs = [...hostile.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.filter((h) => /^javascript:/i.test(h))).toEqual([]);
    expect(hostile.querySelector('h1')?.textContent).toContain('<script>alert(1)</script>');
  });

  test('an internal policy has no clause list', () => {
    const d = parse(renderPolicyHtml(draftInternalPolicy(comuneDiEsempio()), { enteName: 'X' }));
    expect(d.querySelector('.policy-clauses')).toBeNull();
    expect(d.querySelectorAll('section')).toHaveLength(12);
  });
});

test('escapeHtml', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});
