import { Button } from 'design-react-kit';
import { useEffect, useRef, useState } from 'react';
import type { Media, Platform } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { countFor } from './charCount';
import { PlatformPreview } from './PlatformPreview';
import { channelTitle } from './shared';

export interface DraftVariant {
  channelId: string;
  platform: Platform;
  channelName: string;
  handle?: string;
  text: string;
  link: string;
  mediaIds: string[];
  scheduledAt: string | null;
}

/** The live count "243 / 280", with words for screen readers and for going over the limit. */
export function Counter({ id, platform, text }: { id: string; platform: Platform; text: string }) {
  const { t } = useI18n();
  const { length, limit } = countFor(platform, text);
  const over = limit !== null && length > limit;
  // Announce only the crossing of the limit, not every keystroke.
  const [announce, setAnnounce] = useState('');
  const wasOver = useRef(over);
  useEffect(() => {
    if (over !== wasOver.current) setAnnounce(over ? t('variant.overAnnounce', { over: length - (limit ?? 0) }) : t('variant.backUnder'));
    wasOver.current = over;
  }, [over, length, limit, t]);
  return (
    <>
      <p id={id} className={`rdz-counter mb-1${over ? ' rdz-counter-over' : ''}`}>
        {limit !== null ? t('variant.counter', { length, limit }) : t('variant.counterNoLimit', { length })}
        <span className="visually-hidden"> {t('variant.counterSr')}</span>
        {over ? <span> — {t('variant.over', { over: length - limit })}</span> : null}
      </p>
      <div role="status" className="visually-hidden">
        {announce}
      </div>
    </>
  );
}

/** One channel's text: the text with its live counter, the link, the files, and the platform preview. */
export function VariantEditor({ variant, media, readOnly, onChange, onRemove }: { variant: DraftVariant; media: Media[]; readOnly: boolean; onChange(next: DraftVariant): void; onRemove?: () => void }) {
  const { t, label } = useI18n();
  const id = `variant-${variant.channelId}`;
  const title = channelTitle(label, variant);
  const attached = media.filter((m) => variant.mediaIds.includes(m.id));
  const toggleMedia = (mid: string, on: boolean) => onChange({ ...variant, mediaIds: on ? [...variant.mediaIds.filter((x) => x !== mid), mid] : variant.mediaIds.filter((x) => x !== mid) });
  return (
    <section className="rdz-variant" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="h5">
        {title}
      </h3>
      <div className="row">
        <div className="col-lg-7">
          {readOnly ? (
            <>
              <p className="rdz-preview-text">{variant.text}</p>
              <Counter id={`${id}-counter`} platform={variant.platform} text={variant.text} />
            </>
          ) : (
            <>
              <div className="form-group rdz-field mt-3 mb-2">
                <label htmlFor={`${id}-text`} className="active">
                  {t('variant.text', { channel: label('platform', variant.platform) })}
                </label>
                <textarea id={`${id}-text`} className="form-control" rows={6} value={variant.text} onChange={(e) => onChange({ ...variant, text: e.target.value })} aria-describedby={`${id}-counter`} />
              </div>
              <Counter id={`${id}-counter`} platform={variant.platform} text={variant.text} />
              <div className="form-group rdz-field mt-4">
                <label htmlFor={`${id}-link`} className="active">
                  {t('variant.link')} {t('common.optional')}
                </label>
                <input id={`${id}-link`} type="url" className="form-control" value={variant.link} onChange={(e) => onChange({ ...variant, link: e.target.value })} />
              </div>
              {media.length ? (
                <fieldset className="rdz-fieldset">
                  <legend className="rdz-legend h6">{t('variant.media', { channel: label('platform', variant.platform) })}</legend>
                  {media.map((m) => (
                    <div className="form-check" key={m.id}>
                      <input id={`${id}-media-${m.id}`} type="checkbox" checked={variant.mediaIds.includes(m.id)} onChange={(e) => toggleMedia(m.id, e.target.checked)} />
                      <label htmlFor={`${id}-media-${m.id}`}>
                        {m.filename} — {t('media.altShown')}: {m.altText || t('media.noAlt')}
                      </label>
                    </div>
                  ))}
                </fieldset>
              ) : null}
              {onRemove ? (
                <Button color="secondary" outline size="xs" type="button" onClick={onRemove}>
                  {t('variant.remove', { channel: title })}
                </Button>
              ) : null}
            </>
          )}
        </div>
        <div className="col-lg-5 mt-3 mt-lg-0">
          <PlatformPreview id={`${id}-preview`} platform={variant.platform} channelName={variant.channelName} handle={variant.handle} text={variant.text} link={variant.link || null} media={attached} />
        </div>
      </div>
    </section>
  );
}
