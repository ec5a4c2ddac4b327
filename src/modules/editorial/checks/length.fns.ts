/** Length and media rules of each platform: what the platform itself would refuse. */
import { platformLabel, platformLimits, scanLength, type Platform } from '../platforms.fns.ts';
import { finding, numEn, numIt, plural } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const COUNTING_NOTE: Record<string, { it: string; en: string }> = {
  'x-weighted': {
    it: ' (X conta ogni link come 23 caratteri, emoji e caratteri non latini come 2)',
    en: ' (X counts every link as 23 characters, emoji and non-Latin characters as 2)',
  },
  graphemes: { it: '', en: '' },
  chars: { it: '', en: '' },
};

/** The limit that applies to this variant: the channel's own, the caption limit with media, or the platform's. */
export function effectiveLimit(v: VariantInput): { max: number | null; caption: boolean } {
  const limits = platformLimits(v.platform);
  if (v.limitOverride !== undefined && v.limitOverride > 0) return { max: v.limitOverride, caption: false };
  if (limits.captionMaxChars !== undefined && v.media.length > 0) return { max: limits.captionMaxChars, caption: true };
  return { max: limits.maxChars, caption: false };
}

/** length.over_limit, length.empty and media.required. */
export function checkLength(v: VariantInput, _ctx?: CheckContext): Finding[] {
  const out: Finding[] = [];
  const limits = platformLimits(v.platform);
  const { label, source } = platformLabel(v.platform);

  if (v.text.trim() === '' && v.media.length === 0) {
    out.push(
      finding(v.channelId, 'length.empty', 'blocking', source, 'Il post è vuoto: scrivi un testo o allega un contenuto multimediale.', 'The post is empty: write a text or attach media.'),
    );
  }

  const { max, caption } = effectiveLimit(v);
  if (max !== null) {
    const { length, overflowAt } = scanLength(v.platform, v.text, max);
    if (overflowAt !== null) {
      const over = length - max;
      const what = caption ? ' per la didascalia di un contenuto multimediale' : '';
      const whatEn = caption ? ' for a media caption' : '';
      const note = COUNTING_NOTE[limits.counting] ?? { it: '', en: '' };
      out.push(
        finding(
          v.channelId,
          'length.over_limit',
          'blocking',
          source,
          `Il testo supera di ${numIt(over)} ${plural(over, 'carattere', 'caratteri')} il limite di ${numIt(max)} di ${label}${what}${note.it}.`,
          `The text exceeds the ${numEn(max)}-character limit of ${label}${whatEn} by ${numEn(over)} ${plural(over, 'character', 'characters')}${note.en}.`,
          { start: overflowAt, end: v.text.length },
        ),
      );
    }
  }

  const need = limits.requiresMedia;
  if (need === 'video' && !v.media.some((m) => m.kind === 'video')) {
    out.push(
      finding(v.channelId, 'media.required', 'blocking', source, `${label} richiede un video: allega il video da pubblicare.`, `${label} requires a video: attach the video to publish.`),
    );
  } else if (need === 'image_or_video' && v.media.length === 0) {
    out.push(
      finding(
        v.channelId,
        'media.required',
        'blocking',
        source,
        `${label} richiede almeno un'immagine o un video: allega un contenuto multimediale.`,
        `${label} requires at least one image or video: attach media.`,
      ),
    );
  }
  return out;
}

/** A title for platforms that have one (YouTube, ≤ 100 characters); the caller holds the title. */
export function checkTitle(platform: Platform, title: string, channelId: string): Finding[] {
  const max = platformLimits(platform).titleMaxChars;
  if (max === undefined) return [];
  const { label, source } = platformLabel(platform);
  if (title.trim() === '') {
    return [finding(channelId, 'length.title_missing', 'blocking', source, `${label} richiede un titolo.`, `${label} requires a title.`)];
  }
  const { length, overflowAt } = scanLength(platform, title, max);
  if (overflowAt === null) return [];
  const over = length - max;
  return [
    finding(
      channelId,
      'length.title_over_limit',
      'blocking',
      source,
      `Il titolo supera di ${numIt(over)} ${plural(over, 'carattere', 'caratteri')} il limite di ${numIt(max)} di ${label}.`,
      `The title exceeds the ${numEn(max)}-character limit of ${label} by ${numEn(over)} ${plural(over, 'character', 'characters')}.`,
      null,
    ),
  ];
}
