import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { ItemsTable } from './ItemsTable';
import { InboxNav, useInboxPaths } from './shared';
import type { LateItems } from './types';
import { useDirectory } from './useDirectory';

/** Questions past their deadline and those about to be, earliest deadline first. */
export function LatePage() {
  const { t } = useI18n();
  const { api: base } = useInboxPaths();
  const dir = useDirectory();
  const late = useApi<LateItems>(`${base}/late`);
  const d = late.data;
  return (
    <>
      <PageTitle sub={t('inbox.late.intro')}>{t('inbox.late.title')}</PageTitle>
      <InboxNav />
      <ProblemAlert error={late.error} />
      {late.loading && !d ? <Loading /> : null}
      <div role="status" aria-live="polite" className="visually-hidden">
        {d ? t('inbox.late.count', { late: d.late.length, soon: d.soon.length }) : ''}
      </div>
      {d ? (
        <>
          <section aria-labelledby="late-title" className="mb-4">
            <h2 id="late-title" className="h4">
              {t('inbox.late.late')}
            </h2>
            {d.late.length ? <ItemsTable items={d.late} caption={t('inbox.late.lateCaption', { count: d.late.length })} deskName={dir.deskName} personName={dir.personName} /> : <p>{t('inbox.late.noneLate')}</p>}
          </section>
          <section aria-labelledby="soon-title" className="mb-4">
            <h2 id="soon-title" className="h4">
              {t('inbox.late.soon', { hours: d.soonHours })}
            </h2>
            {d.soon.length ? <ItemsTable items={d.soon} caption={t('inbox.late.soonCaption', { count: d.soon.length })} deskName={dir.deskName} personName={dir.personName} /> : <p>{t('inbox.late.noneSoon')}</p>}
          </section>
        </>
      ) : null}
    </>
  );
}
