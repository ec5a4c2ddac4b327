import type { Policy } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { actLabel } from './labels';

/** The version in force with its act, the public link, and the "da rivedere" warning. */
export function PolicyStatus({ policy, slug }: { policy: Policy; slug: string }) {
  const { t, label, formatDate } = useI18n();
  const v = policy.inForce;
  const publicUrl = `/enti/${encodeURIComponent(slug)}/social-media-policy`;
  return (
    <section aria-labelledby="policy-status-title" className="rdz-panel mb-4">
      <h3 id="policy-status-title" className="h4">
        {t('policy.status')}
      </h3>
      {v ? (
        <>
          <p className="mb-2">
            <span className="rdz-pill rdz-status-ok me-2">{t('policy.inForce')}</span>
            {t('policy.inForceText', { n: v.number, act: actLabel(t, v.act, formatDate) })}
          </p>
          <p className="mb-2 small">{t('policy.adoptedBy', { who: v.adoptedBy.label, date: formatDate(v.adoptedAt) })}</p>
          {policy.kind === 'external' ? (
            <p className="mb-2">
              <a href={publicUrl} target="_blank" rel="noopener noreferrer">
                {t('policy.publicPage')}
                <span className="visually-hidden"> {t('channels.newTab')}</span>
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <p className="mb-2">
          <span className="rdz-pill rdz-status-warn">{t('policy.noneInForce')}</span>
        </p>
      )}
      <p className="mb-0">{policy.draft.differsFromInForce ? t('policy.draftDiffers') : t('policy.draftSame')}</p>
      {policy.review?.needed ? (
        <div className="alert alert-warning mt-3 mb-0" role="note">
          <strong className="d-block">{t('policy.review')}</strong>
          <ul className="mb-0">
            {policy.review.reasons.map((r) => (
              <li key={r.code}>
                {label('policy.reason', r.code)}
                {r.channelIds?.length ? ` (${t('policy.reasonChannels', { count: r.channelIds.length })})` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
