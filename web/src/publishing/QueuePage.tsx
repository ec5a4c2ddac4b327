import { Button } from 'design-react-kit';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { entePath } from '../api/client';
import type { QueueStatus } from '../api/types';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { channelTitle, useBilingual } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PublicationBadge, useFormatTime } from './PublicationBadge';

const REFRESH_MS = 15_000;
const COUNTS = ['due', 'late', 'publishing', 'failed', 'toVerify'] as const;

/** The publishing queue (administrators and the SMM): totals, per channel, and every item with its post. */
export default function QueuePage() {
  const { t, label, formatDate } = useI18n();
  const { ente } = useEnte();
  const base = entePath(ente.slug);
  const queue = useApi<QueueStatus>(`${base}/publishing/queue`);
  const bi = useBilingual();
  const time = useFormatTime();
  const { reload } = queue;

  // Quietly refreshed while the page is open (no announcement: the user asked for nothing).
  useEffect(() => {
    const timer = window.setInterval(() => void reload(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const q = queue.data;
  const countLabel = (k: (typeof COUNTS)[number]) => t(`queue.${k}`);
  return (
    <>
      <PageTitle sub={t('queue.intro')}>{t('queue.title')}</PageTitle>
      <ProblemAlert error={queue.error} />
      {!q && queue.loading ? <Loading /> : null}
      {q ? (
        <>
          <div className="d-flex flex-wrap align-items-center gap-3 mb-3">
            <p className="mb-0">{t('queue.updatedAt', { time: time(q.now) })}</p>
            <Button color="primary" outline size="sm" type="button" disabled={queue.loading} onClick={() => void reload()}>
              {t('queue.refresh')}
            </Button>
          </div>

          <section aria-labelledby="queue-totals" className="mb-4">
            <h2 id="queue-totals" className="h4">
              {t('queue.totals')}
            </h2>
            <dl className="rdz-queue-totals">
              {COUNTS.map((k) => (
                <div key={k} className="rdz-queue-total">
                  <dt>{countLabel(k)}</dt>
                  <dd>{q.totals[k]}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="queue-channels" className="mb-4">
            <h2 id="queue-channels" className="h4">
              {t('queue.channelsTitle')}
            </h2>
            {q.channels.length === 0 ? (
              <p>{t('queue.empty')}</p>
            ) : (
              <div className="table-responsive">
                <table className="table">
                  <caption>{t('queue.channelsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('queue.channel')}</th>
                      {COUNTS.map((k) => (
                        <th scope="col" key={k}>
                          {countLabel(k)}
                        </th>
                      ))}
                      <th scope="col">{t('queue.nextDue')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.channels.map((c) => (
                      <tr key={c.channelId}>
                        <th scope="row">
                          <Link to={`/enti/${ente.slug}/canali/${c.channelId}`}>{channelTitle(label, c)}</Link>
                        </th>
                        {COUNTS.map((k) => (
                          <td key={k}>{c[k]}</td>
                        ))}
                        <td>{c.nextDueAt ? formatDate(c.nextDueAt) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="queue-items" className="mb-4">
            <h2 id="queue-items" className="h4">
              {t('queue.itemsTitle')}
            </h2>
            {q.items.length === 0 ? (
              <p>{t('queue.empty')}</p>
            ) : (
              <div className="table-responsive">
                <table className="table">
                  <caption>{t('queue.itemsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('queue.post')}</th>
                      <th scope="col">{t('queue.channel')}</th>
                      <th scope="col">{t('queue.state')}</th>
                      <th scope="col">{t('queue.dueAt')}</th>
                      <th scope="col">{t('queue.nextAttempt')}</th>
                      <th scope="col">{t('queue.attempts')}</th>
                      <th scope="col">{t('queue.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.items.map((i) => (
                      <tr key={i.publicationId}>
                        <th scope="row">
                          <Link to={`/enti/${ente.slug}/post/${i.postId}`}>{i.title}</Link>
                        </th>
                        <td>{i.channelName}</td>
                        <td>
                          <PublicationBadge state={i.state} />
                          {i.late ? <span className="d-block fw-semibold rdz-late">{t('queue.late')}</span> : null}
                        </td>
                        <td>{formatDate(i.dueAt)}</td>
                        <td>{i.nextAttemptAt !== i.dueAt ? formatDate(i.nextAttemptAt) : '—'}</td>
                        <td>{i.attempts}</td>
                        <td>{i.reason ? bi(i.reason) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
