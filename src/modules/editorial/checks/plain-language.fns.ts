/**
 * Plain language: the Gulpease readability index for Italian (Lucisano & Piemontese, 1988),
 * computed on the prose only (links, hashtags, mentions and emoji removed).
 */
import { gulpease, type GulpeaseLevel } from '../../../lib/italian/gulpease.ts';
import { extractLinks, findEmoji, findHashtags, findMentions, memo, type TextToken } from '../text.fns.ts';
import { finding } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const RULE = 'Indice Gulpease (Lucisano e Piemontese, 1988)';
export const DEFAULT_GULPEASE_THRESHOLD = 40;
/** Below this many words the index says nothing useful. */
export const MIN_WORDS = 5;

const READERS: Record<GulpeaseLevel, { it: string; en: string }> = {
  elementare: { it: 'facile per chi ha la licenza elementare', en: 'easy for readers with primary education' },
  media: { it: 'facile per chi ha la licenza media', en: 'easy for readers with lower secondary education' },
  superiore: { it: 'facile per chi ha un diploma superiore', en: 'easy for readers with upper secondary education' },
  difficile: { it: 'difficile anche per chi ha un diploma superiore', en: 'hard even for readers with upper secondary education' },
};

/** The prose of a post: links, hashtags, mentions and emoji replaced by spaces. */
export function prose(text: string): string {
  const links = extractLinks(text);
  const drop: TextToken[] = [...links, ...findHashtags(text), ...findMentions(text), ...findEmoji(text)];
  if (drop.length === 0) return text;
  drop.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const t of drop) {
    if (t.start < at) continue;
    out += `${text.slice(at, t.start)} `;
    at = t.end;
  }
  return out + text.slice(at);
}

// The same text often goes to several channels: compute its index once.
const cachedGulpease = memo((text: string) => [gulpease(prose(text))]);

/** plain.gulpease: info with the index and its readers, or a warning below the threshold. */
export function checkPlainLanguage(v: VariantInput, ctx?: CheckContext): Finding[] {
  const [g] = cachedGulpease(v.text);
  if (!g) return [];
  if (g.words < MIN_WORDS) return [];
  const threshold = ctx?.gulpeaseThreshold ?? DEFAULT_GULPEASE_THRESHOLD;
  const readers = READERS[g.level];
  const index = Math.round(g.index);
  if (g.index < threshold) {
    return [
      finding(
        v.channelId,
        'plain.gulpease',
        'warning',
        RULE,
        `Indice Gulpease ${index}, sotto la soglia di ${threshold}: il testo è ${readers.it}. Usa frasi più brevi e parole più semplici.`,
        `Gulpease index ${index}, below the threshold of ${threshold}: the text is ${readers.en}. Use shorter sentences and simpler words.`,
      ),
    ];
  }
  return [
    finding(
      v.channelId,
      'plain.gulpease',
      'info',
      RULE,
      `Indice Gulpease ${index}: il testo è ${readers.it}.`,
      `Gulpease index ${index}: the text is ${readers.en}.`,
    ),
  ];
}
