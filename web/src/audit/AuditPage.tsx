import { Button, Table } from 'design-react-kit';
import { useState } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { AuditEvent, AuditPage as AuditPageData, AuditVerification } from '../api/types';
import { toApiError, useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { diffSnapshots } from './diff';

const PAGE = 50;

/** The Ente's audit trail, newest first, with "load more" and a hash-chain integrity check. */
export default function AuditPage() {
  const { t } = useI18n();
  const { ente, can } = useEnte();
  if (!can('audit.read')) {
    return (
      <>
        <PageTitle>{t('audit.title')}</PageTitle>
        <p>{t('audit.forbidden')}</p>
      </>
    );
  }
  return <AuditTrail slug={ente.slug} name={ente.name} />;
}

function AuditTrail({ slug, name }: { slug: string; name: string }) {
  const { t } = useI18n();
  const base = `${entePath(slug)}/audit`;
  const first = useApi<AuditPageData>(`${base}?limit=${PAGE}`);
  const [more, setMore] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [verify, setVerify] = useState<AuditVerification>();
  const [verifying, setVerifying] = useState(false);

  const events = [...(first.data?.events ?? []), ...more];
  const nextBefore = next === undefined ? first.data?.nextBefore : next;

  const loadMore = async () => {
    if (!nextBefore) return;
    setLoadingMore(true);
    setError(undefined);
    try {
      const page = await api<AuditPageData>(base, { query: { before: nextBefore, limit: PAGE } });
      setMore((m) => [...m, ...page.events]);
      setNext(page.nextBefore);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const runVerify = async () => {
    setVerifying(true);
    setError(undefined);
    setVerify(undefined);
    try {
      setVerify(await api<AuditVerification>(`${base}/verify`));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <PageTitle sub={t('audit.intro')}>{t('audit.title')}</PageTitle>
      <div className="mb-3">
        <Button color="primary" outline type="button" onClick={() => void runVerify()} disabled={verifying}>
          {verifying ? t('audit.verifying') : t('audit.verify')}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {verify ? (
          <div className={`alert ${verify.ok ? 'alert-success' : 'alert-danger'}`}>
            {verify.ok
              ? t('audit.verifyOk', { events: verify.events })
              : t('audit.verifyBroken', { seq: verify.brokenAt ?? '?', reason: verify.reason ?? '' })}
          </div>
        ) : null}
      </div>
      <ProblemAlert error={first.error ?? error} />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data ? (
        <>
          <div className="table-responsive">
            <Table className="rdz-table rdz-audit" size="sm">
              <caption>
                {t('audit.caption', { name })} – {t('audit.count', { count: events.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.when')}</th>
                  <th scope="col">{t('audit.who')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <EventRow key={e.seq} event={e} />
                ))}
                {events.length === 0 ? (
                  <tr>
                    <td colSpan={5}>{t('audit.empty')}</td>
                  </tr>
                ) : null}
              </tbody>
            </Table>
          </div>
          {nextBefore ? (
            <Button color="primary" type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? t('common.loading') : t('audit.loadMore')}
            </Button>
          ) : (
            <p>{t('audit.end')}</p>
          )}
        </>
      ) : null}
    </>
  );
}

function EventRow({ event: e }: { event: AuditEvent }) {
  const { t, label, formatDate } = useI18n();
  const changes = diffSnapshots(e.before, e.after);
  return (
    <tr>
      <td className="text-nowrap">
        <time dateTime={e.at}>{formatDate(e.at)}</time>
      </td>
      <td>{e.actorLabel}</td>
      <th scope="row" className="fw-normal">
        <span className="d-block fw-semibold">{label('action', e.action)}</span>
        <code className="rdz-code">{e.action}</code>
      </th>
      <td>
        {label('entity', e.entityType)}
        <span className="d-block small text-muted-strong">
          <code className="rdz-code">{e.entityId.slice(0, 8)}</code>
        </span>
      </td>
      <td>
        {changes.length ? (
          <details>
            <summary>{t('audit.showChanges', { seq: e.seq })}</summary>
            <table className="table table-sm rdz-diff mt-2">
              <caption className="visually-hidden">{t('audit.showChanges', { seq: e.seq })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.field')}</th>
                  <th scope="col">{t('audit.before')}</th>
                  <th scope="col">{t('audit.after')}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{c.field}</th>
                    <td>
                      <pre className="rdz-pre rdz-before">{c.before}</pre>
                    </td>
                    <td>
                      <pre className="rdz-pre rdz-after">{c.after}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : (
          <span>{t('audit.noChanges')}</span>
        )}
      </td>
    </tr>
  );
}
