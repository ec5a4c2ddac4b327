/**
 * Accessibility of a post (Vademecum Formez 2011 "Social media e PA"; WCAG 2.1, which AgID adopts
 * through EN 301 549): text alternatives for images, captions for video, readable characters, few
 * emoji and never in place of a word. Hashtag rules live in hashtags.fns.ts.
 */
import { findEmoji, type TextToken } from '../text.fns.ts';
import { finding, quote } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const FORMEZ = 'Vademecum Formez 2011';
const ALT_RULE = 'WCAG 2.1 SC 1.1.1; Vademecum Formez 2011';
const CAPTION_RULE = 'WCAG 2.1 SC 1.2.2; Vademecum Formez 2011';
export const MAX_EMOJI = 3;

/** a11y.missing_alt, a11y.alt_text_poor, a11y.video_captions: the media of the variant. */
export function checkMediaAccessibility(v: VariantInput, _ctx?: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const m of v.media) {
    if (m.kind === 'image') {
      const alt = (m.altText ?? '').trim();
      if (alt === '') {
        out.push(
          finding(
            v.channelId,
            'a11y.missing_alt',
            'blocking',
            ALT_RULE,
            `L'immagine «${m.filename}» non ha il testo alternativo: descrivine il contenuto per chi usa un lettore di schermo.`,
            `The image "${m.filename}" has no alt text: describe it for screen reader users.`,
          ),
        );
      } else if (isPoorAlt(alt, m.filename)) {
        out.push(
          finding(
            v.channelId,
            'a11y.alt_text_poor',
            'warning',
            ALT_RULE,
            `Il testo alternativo dell'immagine «${m.filename}» («${quote(alt)}») non descrive l'immagine: scrivi che cosa mostra.`,
            `The alt text of the image "${m.filename}" ("${quote(alt)}") does not describe it: say what it shows.`,
          ),
        );
      }
    } else if (!m.hasCaptions && !(m.captionsUrl ?? '').trim()) {
      out.push(
        finding(
          v.channelId,
          'a11y.video_captions',
          'blocking',
          CAPTION_RULE,
          `Il video «${m.filename}» non ha i sottotitoli: aggiungili per le persone sorde e per chi guarda senza audio.`,
          `The video "${m.filename}" has no captions: add them for deaf viewers and for those watching without sound.`,
        ),
      );
    }
  }
  return out;
}

const GENERIC_ALT = /^(?:immagine|foto|fotografia|image|img|photo|picture|logo|grafica|locandina|dsc|screenshot)[\s_-]*\d*$/iu;
const FILE_NAME = /\.(?:jpe?g|png|gif|webp|heic|tiff?|svg)$/iu;

function isPoorAlt(alt: string, filename: string): boolean {
  const a = alt.toLowerCase();
  const f = filename.toLowerCase();
  return a === f || a === f.replace(/\.[^.]+$/u, '') || GENERIC_ALT.test(alt) || FILE_NAME.test(alt);
}

// "Fancy" letters from text generators: Mathematical Alphanumeric Symbols (𝐁𝐨𝐥𝐝, 𝓈𝒸𝓇𝒾𝓅𝓉), their
// letterlike-symbol companions (ℂ, ℍ, ℬ), fullwidth letters and digits, circled and parenthesised
// letters, squared letters, small capitals, and letters struck through or underlined with
// combining overlays.
const FANCY_CHAR = String.raw`[\u{1D400}-\u{1D7FF}\u210A-\u2113\u2115\u2119-\u211D\u2124\u2128\u212C\u212D\u212F-\u2131\u2133\u2134\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u249C-\u24E9\u{1F130}-\u{1F169}\u1D00-\u1D2B]|[\p{L}\p{N}][\u0332\u0335-\u0338]`;
const FANCY_RUN = new RegExp(String.raw`(?:${FANCY_CHAR})(?:[\s\p{P}]*(?:${FANCY_CHAR}))*`, 'gu');
const FANCY_PRETEST = /[\u0332\u0335-\u0338\u1D00-\u1D2B\u210A-\u2134\u249C-\u24E9\uFF10-\uFF5A\uD835\uD83C]/;
const OVERLAYS = /[\u0332\u0335-\u0338]/gu;

/** a11y.fancy_unicode: runs of decorative letters that screen readers cannot read. */
export function checkFancyUnicode(v: VariantInput, _ctx?: CheckContext): Finding[] {
  if (!FANCY_PRETEST.test(v.text)) return [];
  const out: Finding[] = [];
  for (const m of v.text.matchAll(FANCY_RUN)) {
    const plain = m[0].normalize('NFKC').replace(OVERLAYS, '');
    const hint = plain !== m[0] && /^[\p{L}\p{N}\s\p{P}]+$/u.test(plain) ? plain : null;
    out.push(
      finding(
        v.channelId,
        'a11y.fancy_unicode',
        'blocking',
        FORMEZ,
        `«${quote(m[0])}» usa caratteri Unicode decorativi che i lettori di schermo non leggono, o leggono come simboli matematici: ` +
          (hint ? `scrivi «${quote(hint)}» in caratteri normali.` : 'scrivi il testo in caratteri normali.'),
        `"${quote(m[0])}" uses decorative Unicode characters that screen readers skip or read as math symbols: ` +
          (hint ? `write "${quote(hint)}" in plain characters.` : 'write it in plain characters.'),
        { start: m.index, end: m.index + m[0].length },
      ),
    );
  }
  return out;
}

/** a11y.emoji_count and a11y.emoji_for_word. */
export function checkEmoji(v: VariantInput, _ctx?: CheckContext): Finding[] {
  const emoji = findEmoji(v.text);
  if (emoji.length === 0) return [];
  const out: Finding[] = [];
  if (emoji.length > MAX_EMOJI) {
    const extra = emoji[MAX_EMOJI];
    out.push(
      finding(
        v.channelId,
        'a11y.emoji_count',
        'warning',
        FORMEZ,
        `Il post contiene ${emoji.length} emoji: usane al massimo ${MAX_EMOJI}, perché i lettori di schermo le leggono tutte per nome.`,
        `The post contains ${emoji.length} emoji: use at most ${MAX_EMOJI}, since screen readers read each one by name.`,
        extra ? { start: extra.start, end: extra.end } : null,
      ),
    );
  }
  for (const group of groups(v.text, emoji)) {
    if (!WORD_BEFORE.test(v.text.slice(Math.max(0, group.start - 40), group.start))) continue;
    if (!WORD_AFTER.test(v.text.slice(group.end, group.end + 40))) continue;
    const shown = v.text.slice(group.start, group.end);
    out.push(
      finding(
        v.channelId,
        'a11y.emoji_for_word',
        'warning',
        FORMEZ,
        `L'emoji ${shown} sta al posto di una parola a metà frase: chi usa un lettore di schermo sente il suo nome. Scrivi la parola e, se vuoi, metti l'emoji alla fine.`,
        `The emoji ${shown} stands for a word mid-sentence: screen reader users hear its name. Write the word and, if you like, put the emoji at the end.`,
        { start: group.start, end: group.end },
      ),
    );
  }
  return out;
}

// The emoji sits between a word (or number) and a lowercase word on the same line: the sentence
// goes on through it ("vieni alla 🎉 in piazza"), while "Festa in piazza 🎉 Vi aspettiamo" ends one.
const WORD_BEFORE = /[\p{L}\p{N}][ \t]*$/u;
const WORD_AFTER = /^[ \t]*\p{Ll}/u;

/** Emoji separated only by spaces form one group: "🎉 🎊" is one interruption, not two. */
function groups(text: string, emoji: TextToken[]): TextToken[] {
  const out: TextToken[] = [];
  for (const e of emoji) {
    const last = out[out.length - 1];
    if (last && /^[ \t]*$/u.test(text.slice(last.end, e.start))) {
      last.end = e.end;
      last.text = text.slice(last.start, e.end);
    } else {
      out.push({ ...e });
    }
  }
  return out;
}

/** All accessibility checks of the text and media. */
export function checkAccessibility(v: VariantInput, ctx?: CheckContext): Finding[] {
  return [...checkMediaAccessibility(v, ctx), ...checkFancyUnicode(v, ctx), ...checkEmoji(v, ctx)];
}
