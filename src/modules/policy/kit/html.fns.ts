/**
 * Renders a policy as the body content of an accessible page (the lead wraps it in a page):
 * one h1, an h2 per section, an h3 per clause, a table of contents with anchors, Bootstrap Italia
 * class names, no inline styles. Every text and attribute is HTML-escaped.
 */
import type { RulebookClause } from '../rulebook.ts';
import type { PolicyDocument, PolicySection } from './policy.types.ts';
import { isHttpUrl } from './policy.types.ts';
import { parseBody, type Inline } from './blocks.fns.ts';
import {
  adoptionSentence,
  clauseId,
  clauseNotes,
  clausesOf,
  kindLabel,
  oneLine,
  orphanClauses,
  sectionId,
  type PolicyRenderMeta,
} from './render.fns.ts';
import { escapeHtml } from '../../../platform/http/html.ts';

/** The one HTML escape of the product (platform/http/html.ts). */
export { escapeHtml };

function inlinesHtml(inlines: Inline[]): string {
  return inlines
    .map((x) => {
      if (x.kind === 'text') return escapeHtml(x.text);
      // The parser only lets http(s) and mailto hrefs through; escape them all the same.
      return `<a href="${escapeHtml(x.href)}">${escapeHtml(x.text)}</a>`;
    })
    .join('');
}

/** A section body as paragraphs and lists. */
export function bodyToHtml(body: string): string {
  return parseBody(body)
    .map((b) =>
      b.kind === 'paragraph'
        ? `<p>${inlinesHtml(b.inlines)}</p>`
        : `<ul>\n${b.items.map((it) => `<li>${inlinesHtml(it)}</li>`).join('\n')}\n</ul>`,
    )
    .join('\n');
}

function clausesHtml(clauses: RulebookClause[]): string {
  if (clauses.length === 0) return '';
  const items = clauses.map((c) => {
    const id = clauseId(c.number);
    const notes = clauseNotes(c)
      .map((n) => `<p class="policy-clause-note">${escapeHtml(n)}</p>`)
      .join('\n');
    return [
      `<li id="${escapeHtml(id)}" class="policy-clause" data-category="${escapeHtml(c.category)}" data-action="${escapeHtml(c.action)}">`,
      `<h3 id="${escapeHtml(id)}-titolo"><span class="policy-clause-number">${escapeHtml(c.number)}</span> ${escapeHtml(oneLine(c.title))}</h3>`,
      `<p>${escapeHtml(c.text)}</p>`,
      notes,
      '</li>',
    ].join('\n');
  });
  // The clause numbers ("5.1") are printed in the headings, so the list's own markers are hidden.
  return `<ol class="list-unstyled policy-clauses" aria-label="Regole di moderazione">\n${items.join('\n')}\n</ol>`;
}

function sectionHtml(doc: PolicyDocument, s: PolicySection, n: number): string {
  const id = sectionId(s.key);
  return [
    `<section id="${escapeHtml(id)}" class="policy-section mb-5" aria-labelledby="${escapeHtml(id)}-titolo">`,
    `<h2 id="${escapeHtml(id)}-titolo">${n}. ${escapeHtml(oneLine(s.title))}</h2>`,
    bodyToHtml(s.body),
    clausesHtml(clausesOf(doc, s)),
    '</section>',
  ]
    .filter((x) => x !== '')
    .join('\n');
}

function tocHtml(doc: PolicyDocument, extra: { id: string; title: string }[]): string {
  const entries = [
    ...doc.sections.map((s, i) => ({ id: sectionId(s.key), title: `${i + 1}. ${oneLine(s.title)}` })),
    ...extra,
  ];
  const items = entries
    .map(
      (e) =>
        `<li><a class="list-item" href="#${escapeHtml(e.id)}"><span class="text">${escapeHtml(e.title)}</span></a></li>`,
    )
    .join('\n');
  return [
    '<nav class="policy-toc mb-5" aria-labelledby="policy-indice">',
    '<h2 id="policy-indice">Indice</h2>',
    '<div class="it-list-wrapper">',
    `<ul class="it-list">\n${items}\n</ul>`,
    '</div>',
    '</nav>',
  ].join('\n');
}

/** The policy as the body content of a page. */
export function renderPolicyHtml(doc: PolicyDocument, meta: PolicyRenderMeta): string {
  const orphans = orphanClauses(doc);
  const orphanSection = { id: 'sezione-regole-moderazione', title: 'Regole di moderazione' };
  const published =
    meta.publishedUrl && isHttpUrl(meta.publishedUrl)
      ? `<p>Testo pubblicato: <a href="${escapeHtml(meta.publishedUrl)}">${escapeHtml(meta.publishedUrl)}</a></p>`
      : '';
  const parts = [
    `<article class="container policy-document policy-${doc.kind}" lang="it">`,
    '<header class="policy-header mb-4">',
    `<h1>${escapeHtml(oneLine(doc.title))}</h1>`,
    `<p class="lead">${escapeHtml(oneLine(meta.enteName))}. ${escapeHtml(kindLabel(doc))}.</p>`,
    `<p class="policy-adoption">${escapeHtml(adoptionSentence(meta))}</p>`,
    published,
    '</header>',
    tocHtml(doc, orphans.length > 0 ? [orphanSection] : []),
    ...doc.sections.map((s, i) => sectionHtml(doc, s, i + 1)),
  ];
  if (orphans.length > 0) {
    parts.push(
      `<section id="${orphanSection.id}" class="policy-section mb-5" aria-labelledby="${orphanSection.id}-titolo">`,
      `<h2 id="${orphanSection.id}-titolo">${orphanSection.title}</h2>`,
      clausesHtml(orphans),
      '</section>',
    );
  }
  parts.push('</article>');
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}
