import type { Media, Platform } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { mediaContentUrl } from './media';

/** A simple card styled like the platform's: who posts, the text, the images with their alt, the link. */
export function PlatformPreview({ platform, channelName, handle, text, link, media, id }: { platform: Platform; channelName: string; handle?: string; text: string; link: string | null; media: Media[]; id: string }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const images = media.filter((m) => m.kind === 'image');
  const videos = media.filter((m) => m.kind === 'video');
  return (
    <figure className="mb-0" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="small fw-semibold mb-1">
        {t('preview.caption', { platform: label('platform', platform) })}
      </figcaption>
      <div className={`rdz-preview rdz-preview-${platform}`}>
        <div className="rdz-preview-head">
          <span className="rdz-preview-avatar" aria-hidden="true" />
          <span>
            {channelName}
            {handle ? <span className="d-block small fw-normal">{handle.startsWith('@') ? handle : `@${handle}`}</span> : null}
          </span>
        </div>
        {text ? <p className="rdz-preview-text">{text}</p> : <p className="rdz-preview-text fst-italic">{t('preview.empty')}</p>}
        {images.length ? (
          <div className="rdz-preview-media">
            {images.map((m) => (
              <img key={m.id} src={mediaContentUrl(ente.slug, m.id)} alt={m.altText ?? ''} />
            ))}
          </div>
        ) : null}
        {videos.map((m) => (
          <p key={m.id} className="small mb-1">
            {t('preview.video', { name: m.filename })} {m.hasCaptions ? t('media.withCaptions') : t('media.withoutCaptions')}
          </p>
        ))}
        {images.some((m) => !m.altText) ? <p className="small mb-1">{t('preview.missingAlt')}</p> : null}
        {link ? (
          <div className="rdz-preview-link">
            <span className="visually-hidden">{t('preview.link')} </span>
            {link}
          </div>
        ) : null}
      </div>
    </figure>
  );
}
