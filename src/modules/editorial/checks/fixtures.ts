/** Builders for the checks' tests: a variant and a context with sensible defaults. */
import type { CheckContext, MediaItem, VariantInput } from './types.ts';

export function variant(over: Partial<VariantInput> = {}): VariantInput {
  return { channelId: 'ch-1', platform: 'facebook_page', text: '', media: [], ...over };
}

export function context(over: Partial<CheckContext> = {}): CheckContext {
  return {
    now: new Date('2025-03-10T09:00:00Z'),
    electoralPeriods: [],
    enteNames: { ente: 'Comune di Esempio' },
    ...over,
  };
}

export function image(filename: string, altText: string | null = 'Descrizione'): MediaItem {
  return { id: filename, kind: 'image', filename, altText };
}

export function video(filename: string, captions: Partial<MediaItem> = {}): MediaItem {
  return { id: filename, kind: 'video', filename, ...captions };
}
