/**
 * Renders a policy as CommonMark, for the repository of adopted acts, e-mails and diffs.
 * Section bodies are parsed and re-serialised, so nothing in a body or in a value (an Ente named
 * "<script>") can become raw HTML or unintended markup.
 */
import type { RulebookClause } from '../rulebook.ts';
import type { PolicyDocument } from './policy.types.ts';
import { isHttpUrl } from './policy.types.ts';
import { parseBody, type Inline } from './blocks.fns.ts';
import {
  adoptionSentence,
  clauseNotes,
  clausesOf,
  kindLabel,
  oneLine,
  orphanClauses,
  type PolicyRenderMeta,
} from './render.fns.ts';

/** Escapes text for CommonMark: no HTML, no emphasis, no links, no tables. */
export function mdEscape(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Keeps a line from starting a heading, list, quote or code block. */
function mdLine(text: string): string {
  const t = mdEscape(oneLine(text));
  return t.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

function mdInlines(inlines: Inline[]): string {
  const s = inlines
    .map((x) =>
      x.kind === 'text'
        ? mdEscape(x.text)
        : `[${mdEscape(x.text)}](<${x.href.replace(/[<>\s]/g, encodeURIComponent)}>)`,
    )
    .join('');
  return s.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A section body in CommonMark. */
export function bodyToMarkdown(body: string): string {
  return parseBody(body)
    .map((b) =>
      b.kind === 'paragraph'
        ? mdInlines(b.inlines)
        : b.items.map((it) => `- ${mdInlines(it)}`).join('\n'),
    )
    .join('\n\n');
}

function clauseMarkdown(c: RulebookClause): string {
  return [`### ${mdEscape(oneLine(`${c.number} ${c.title}`))}`, mdLine(c.text), ...clauseNotes(c).map(mdLine)].join(
    '\n\n',
  );
}

/** The whole document as CommonMark, with numbered sections and clauses. */
export function renderPolicyMarkdown(doc: PolicyDocument, meta: PolicyRenderMeta): string {
  const out: string[] = [`# ${mdEscape(oneLine(doc.title))}`];
  out.push(mdLine(`${meta.enteName}. ${kindLabel(doc)}.`));
  out.push(mdLine(adoptionSentence(meta)));
  if (meta.publishedUrl && isHttpUrl(meta.publishedUrl)) {
    out.push(`Testo pubblicato: <${meta.publishedUrl.replace(/[<>\s]/g, encodeURIComponent)}>`);
  }
  doc.sections.forEach((s, i) => {
    out.push(`## ${i + 1}. ${mdEscape(oneLine(s.title))}`);
    const body = bodyToMarkdown(s.body);
    if (body !== '') out.push(body);
    for (const c of clausesOf(doc, s)) out.push(clauseMarkdown(c));
  });
  const orphans = orphanClauses(doc);
  if (orphans.length > 0) {
    out.push('## Regole di moderazione');
    for (const c of orphans) out.push(clauseMarkdown(c));
  }
  return `${out.join('\n\n')}\n`;
}
