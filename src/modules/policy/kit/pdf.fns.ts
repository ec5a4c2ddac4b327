/**
 * Renders a policy as an A4 PDF with pdfkit's standard Helvetica: title, adoption act, numbered
 * sections and clauses, page numbers. Standard fonts speak WinAnsi only, so every string goes
 * through pdfSafe() first: accented Italian letters stay, the rest is replaced.
 */
import PDFDocument from 'pdfkit';
import type { RulebookClause } from '../rulebook.ts';
import type { PolicyDocument } from './policy.types.ts';
import { isHttpUrl } from './policy.types.ts';
import { inlinesToPlain, parseBody } from './blocks.fns.ts';
import {
  adoptionSentence,
  clauseNotes,
  clausesOf,
  kindLabel,
  oneLine,
  orphanClauses,
  type PolicyRenderMeta,
} from './render.fns.ts';

/** Code points above 0xFF that WinAnsi (Windows-1252) encodes. */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018,
  0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a,
  0x20ac, 0x2122,
]);

const encodable = (cp: number): boolean =>
  (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);

/** Invisible or decorative characters dropped rather than replaced: emoji and their joiners. */
const DROP = /[\p{Extended_Pictographic}\u{FE00}-\u{FE0F}\u{200B}-\u{200D}\u{2060}\u{1F3FB}-\u{1F3FF}]/u;

/**
 * Makes a string encodable in WinAnsi: keeps Latin-1 and the WinAnsi extras, strips accents
 * the font lacks ("ș" → "s"), drops emoji, turns other spaces into spaces and anything else
 * into "?".
 */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (encodable(cp)) out += ch;
    else if (ch === '\n' || ch === '\t') out += ch === '\n' ? '\n' : ' ';
    else if (/\s/u.test(ch)) out += ' ';
    else if (DROP.test(ch)) continue;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every((c) => encodable(c.codePointAt(0) ?? 0)) ? base : '?';
    }
  }
  return out;
}

const MARGIN = 56; // 2 cm
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';

type Doc = InstanceType<typeof PDFDocument>;

/** Starts a new page when fewer than `space` points are left, so headings never end a page. */
function keepSpace(pdf: Doc, space: number): void {
  if (pdf.y + space > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

function body(pdf: Doc, text: string): void {
  for (const b of parseBody(text)) {
    if (b.kind === 'paragraph') {
      pdf.font(FONT).fontSize(10.5).text(pdfSafe(inlinesToPlain(b.inlines, true)), { paragraphGap: 6 });
    } else {
      const items = b.items.map((it) => pdfSafe(inlinesToPlain(it, true)));
      pdf.font(FONT).fontSize(10.5).list(items, { bulletRadius: 1.8, textIndent: 12, paragraphGap: 3 });
      pdf.moveDown(0.5);
    }
  }
}

function clause(pdf: Doc, c: RulebookClause): void {
  keepSpace(pdf, 60);
  pdf.font(BOLD).fontSize(11).text(pdfSafe(oneLine(`${c.number} ${c.title}`)), { paragraphGap: 3 });
  pdf.font(FONT).fontSize(10.5).text(pdfSafe(c.text), { paragraphGap: 3 });
  for (const n of clauseNotes(c)) pdf.font(ITALIC).fontSize(10).text(pdfSafe(n), { paragraphGap: 3 });
  pdf.moveDown(0.5);
}

function heading(pdf: Doc, text: string): void {
  keepSpace(pdf, 80);
  pdf.moveDown(0.6);
  pdf.font(BOLD).fontSize(13).text(pdfSafe(oneLine(text)), { paragraphGap: 6 });
}

function pageNumbers(pdf: Doc, enteName: string): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    pdf
      .font(FONT)
      .fontSize(8.5)
      .text(
        pdfSafe(`${oneLine(enteName)} - Pagina ${i + 1} di ${range.count}`),
        MARGIN,
        pdf.page.height - MARGIN / 2 - 8,
        { width: pdf.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      );
    pdf.page.margins.bottom = bottom;
  }
}

/** The policy as an A4 PDF. */
export function renderPolicyPdf(doc: PolicyDocument, meta: PolicyRenderMeta): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang: 'it-IT',
      displayTitle: true,
      info: {
        Title: pdfSafe(oneLine(doc.title)),
        Author: pdfSafe(oneLine(meta.enteName)),
        Subject: pdfSafe(kindLabel(doc)),
      },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    try {
      pdf.font(BOLD).fontSize(18).text(pdfSafe(oneLine(doc.title)), { paragraphGap: 8 });
      pdf.font(FONT).fontSize(11).text(pdfSafe(`${oneLine(meta.enteName)}. ${kindLabel(doc)}.`));
      pdf.font(ITALIC).fontSize(10.5).text(pdfSafe(adoptionSentence(meta)), { paragraphGap: 4 });
      if (meta.publishedUrl && isHttpUrl(meta.publishedUrl)) {
        pdf.font(FONT).fontSize(10).text(pdfSafe(`Testo pubblicato: ${meta.publishedUrl}`));
      }
      pdf.moveDown(1);
      doc.sections.forEach((s, i) => {
        heading(pdf, `${i + 1}. ${s.title}`);
        body(pdf, s.body);
        for (const c of clausesOf(doc, s)) clause(pdf, c);
      });
      const orphans = orphanClauses(doc);
      if (orphans.length > 0) {
        heading(pdf, 'Regole di moderazione');
        for (const c of orphans) clause(pdf, c);
      }
      pageNumbers(pdf, meta.enteName);
      pdf.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
