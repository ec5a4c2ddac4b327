/**
 * Hashtags and mentions readable by screen readers (Vademecum Formez 2011): #CamelCase, so that
 * each word is read as a word, and at the end of the post rather than in the middle of a sentence.
 */
import { findHashtags, findMentions } from '../text.fns.ts';
import { finding } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const FORMEZ = 'Vademecum Formez 2011';
/** A lowercase hashtag longer than this is almost surely several words run together. */
export const LONG_HASHTAG_LETTERS = 12;

// A small word list, only to propose a split ("#raccoltadifferenziata" → "#RaccoltaDifferenziata");
// the warning itself does not depend on it.
const WORDS = new Set(
  (
    'a ai al alla alle allerta anziani acqua aperta aperte aperto aria arte autunno avviso ' +
    'bambini bando bandi bari biblioteca bilancio bianca bici bologna bus ' +
    'cagliari calendario campagna canile carnevale casa centro cimitero città civica civile clima comunale comune ' +
    'comuni con concorso concorsi consiglio contributi cultura cuneo ' +
    'da dal dalla day dei del della delle di differenziata digitale diritti donna donne ' +
    'e educazione elezioni emergenza energia estate eventi evento ' +
    'famiglia famiglie festa fiera firenze giornata giovani giunta genova ' +
    'il in inclusione informa innovazione inverno io istruzione lavori lavoro lecce lettura libri locale ' +
    'mercato meteo milano mobilità monumenti museo musei napoli natale nazionale notte nuovo nuova ' +
    'open ore palermo parco parchi partecipazione per piano piazza protezione polizia primavera pubblica pubblici pubblico ' +
    'raccolta referendum regione rifiuti roma ' +
    'salute sanità scuola scuole servizi settimana sicurezza sindaco sociale sociali sostenibile sport ' +
    'stradale strade strada storico su sul sulla teatro torino trasporti trasporto turismo ' +
    'urp vaccino vaccinazione venezia verde verona viabilità vigili violenza volontari volontariato'
  ).split(' '),
);
const MAX_WORD = Math.max(...[...WORDS].map((w) => w.length));

/** "raccoltadifferenziata" → "RaccoltaDifferenziata" when the word list covers it all; else null. */
export function suggestCamelCase(body: string): string | null {
  const parts = body.toLowerCase().match(/\p{L}+|\p{N}+|_+/gu) ?? [];
  let words = 0;
  const out: string[] = [];
  for (const part of parts) {
    if (!/\p{L}/u.test(part)) {
      out.push(part);
      continue;
    }
    const split = segment(part);
    if (split === null) return null;
    words += split.length;
    out.push(...split.map((w) => w.charAt(0).toUpperCase() + w.slice(1)));
  }
  return words >= 2 ? out.join('') : null;
}

/** Fewest-words split of `s` into known words (dynamic programming), or null. */
function segment(s: string): string[] | null {
  const best: (string[] | null)[] = [[]];
  for (let i = 1; i <= s.length; i++) {
    best[i] = null;
    for (let j = Math.max(0, i - MAX_WORD); j < i; j++) {
      const prev = best[j];
      const w = s.slice(j, i);
      if (prev && WORDS.has(w) && (!best[i] || prev.length + 1 < (best[i]?.length ?? Infinity))) best[i] = [...prev, w];
    }
  }
  return best[s.length] ?? null;
}

const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/gu;
const WORD_AFTER = /^[ \t\uFE0F]*\p{L}/u;

/** a11y.hashtag_camelcase and a11y.tag_position. */
export function checkHashtags(v: VariantInput, _ctx?: CheckContext): Finding[] {
  const text = v.text;
  if (!text.includes('#') && !text.includes('@') && !text.includes('＃')) return [];
  const out: Finding[] = [];
  const hashtags = findHashtags(text);
  for (const h of hashtags) {
    const letters = h.body.match(LETTER)?.length ?? 0;
    // Already CamelCase when an inner capital marks a word boundary; ALL CAPS is not.
    if (HAS_UPPER.test(h.body.slice(1)) && HAS_LOWER.test(h.body)) continue;
    const suggestion = suggestCamelCase(h.body);
    if (letters <= LONG_HASHTAG_LETTERS && suggestion === null) continue;
    const it = suggestion
      ? `scrivilo in #CamelCase: #${suggestion}`
      : "scrivilo in #CamelCase, con l'iniziale maiuscola per ogni parola";
    const en = suggestion ? `write it in #CamelCase: #${suggestion}` : 'write it in #CamelCase, capitalising each word';
    out.push(
      finding(
        v.channelId,
        'a11y.hashtag_camelcase',
        'warning',
        FORMEZ,
        `I lettori di schermo leggono ${h.text} come un'unica parola incomprensibile: ${it}.`,
        `Screen readers read ${h.text} as one unintelligible word: ${en}.`,
        { start: h.start, end: h.end },
      ),
    );
  }
  const tags = [...hashtags, ...findMentions(text)].sort((a, b) => a.start - b.start);
  for (const t of tags) {
    if (!WORD_AFTER.test(text.slice(t.end, t.end + 8))) continue;
    const kind = t.text.startsWith('@') ? 'La menzione' : "L'hashtag";
    const kindEn = t.text.startsWith('@') ? 'The mention' : 'The hashtag';
    out.push(
      finding(
        v.channelId,
        'a11y.tag_position',
        'info',
        FORMEZ,
        `${kind} ${t.text} è in mezzo alla frase: metti hashtag e menzioni alla fine del post, così la lettura con un lettore di schermo resta scorrevole.`,
        `${kindEn} ${t.text} is in the middle of a sentence: put hashtags and mentions at the end of the post so screen reader users can follow the text.`,
        { start: t.start, end: t.end },
      ),
    );
  }
  return out;
}
