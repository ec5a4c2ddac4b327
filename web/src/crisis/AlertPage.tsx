import { Button } from 'design-react-kit';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { BroadcastSection } from './BroadcastSection';
import { PublicationsSection } from './PublicationsSection';
import { AlertStatusBadge, CodeBadge, useDirectory } from './shared';
import type { Alert, CrisisState } from './types';

/**
 * One alert: its content, the text and the per-channel variants the server wrote (the preview
 * before the approval), the approval (one approver; the fast path during a crisis, shown as
 * recorded), the publication on each channel and the broadcast to subscribers, both live.
 */
export function AlertPage() {
  const { id = '' } = useParams();
  const { t, label, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const location = useLocation();
  const alert = useApi<Alert>(`${base}/alerts/${id}`);
  const crisis = useApi<CrisisState>(`${base}/crisis`);
  const dir = useDirectory();
  const [message, setMessage] = useState<string | undefined>(() => ((location.state as { created?: boolean } | null)?.created ? t('crisis.alert.created') : undefined));
  const a = alert.data;

  if (!a) {
    return (
      <>
        <PageTitle>{t('crisis.alert.title')}</PageTitle>
        <ProblemAlert error={alert.error} />
        {alert.loading ? <Loading /> : null}
      </>
    );
  }

  const row = (term: string, value: ReactNode) => (
    <>
      <dt className="col-sm-3">{term}</dt>
      <dd className="col-sm-9">{value}</dd>
    </>
  );
  const list = (items: string[]) =>
    items.length ? (
      <ul className="mb-0">
        {items.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
    ) : (
      t('common.none')
    );
  const link = (href: string | null) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {href}
        <span className="visually-hidden"> {t('crisis.newTab')}</span>
      </a>
    ) : (
      '—'
    );

  return (
    <>
      <PageTitle sub={t('crisis.alert.sub')}>{a.headline}</PageTitle>
      <p>
        <Link to={`/enti/${ente.slug}/crisi/allerte`}>{t('crisis.alert.back')}</Link>
      </p>
      <StatusMessage>{message}</StatusMessage>

      <section aria-labelledby="alert-summary" className="rdz-panel mb-4">
        <h2 id="alert-summary" className="h4">
          {t('crisis.alert.summary')}
        </h2>
        <dl className="row rdz-dl mb-0">
          {row(t('crisis.alerts.status'), <AlertStatusBadge status={a.status} />)}
          {row(
            t('crisis.field.code'),
            <>
              <CodeBadge code={a.code} /> <span className="ms-1">{label('crisis.criticita', a.code)}</span>
            </>,
          )}
          {row(t('crisis.field.risks'), a.risks.map((r) => label('crisis.risk', r)).join(', '))}
          {row(t('crisis.field.zones'), a.zones.length ? a.zones.map((z) => (z.code ? `${z.name} (${z.code})` : z.name)).join(', ') : t('common.none'))}
          {row(t('crisis.field.validity'), t('crisis.alerts.validityRange', { from: formatDate(a.validFrom), to: formatDate(a.validTo) }))}
          {row(t('crisis.field.source'), a.source)}
          {row(t('crisis.field.measures'), list(a.measures))}
          {row(t('crisis.field.behaviour'), list(a.behaviour))}
          {row(t('crisis.field.ordinanceUrl'), link(a.ordinanceUrl))}
          {row(t('crisis.field.infoUrl'), link(a.infoUrl))}
          {row(t('crisis.field.channels'), a.channelIds.map(dir.channelName).join(', '))}
          {row(t('crisis.field.broadcast'), a.broadcast ? t('common.yes') : t('common.no'))}
          {a.msgType === 'Update' && a.updates ? row(t('crisis.alert.updates'), <Link to={`/enti/${ente.slug}/crisi/allerte/${a.updates}`}>{t('crisis.alert.updatesLink')}</Link>) : null}
          {row(t('crisis.alert.createdBy'), t('crisis.alert.byOn', { name: dir.personName(a.createdBy), date: formatDate(a.createdAt) }))}
        </dl>
      </section>

      <ApprovalSection
        alert={a}
        crisisActive={crisis.data?.active ?? false}
        approverName={dir.personName(a.approvedBy)}
        canApprove={can('alerts.approve')}
        onChanged={(next, text) => {
          alert.setData(next);
          setMessage(text);
        }}
      />

      <section aria-labelledby="alert-variants" className="mb-4">
        <h2 id="alert-variants" className="h4">
          {t('crisis.alert.variants')}
        </h2>
        <p>{a.status === 'bozza' ? t('crisis.alert.variantsPreview') : t('crisis.alert.variantsSent')}</p>
        {a.variants.map((v) => (
          <article key={v.channelId} className="rdz-variant" aria-labelledby={`variant-${v.channelId}`}>
            <h3 id={`variant-${v.channelId}`} className="h6">
              {dir.channelName(v.channelId)} <span className="fw-normal">({t('crisis.alert.chars', { n: [...v.text].length })})</span>
            </h3>
            <p>{v.text}</p>
          </article>
        ))}
        <details>
          <summary>{t('crisis.alert.fullText')}</summary>
          <p className="rdz-pre-line mt-2">{a.text}</p>
        </details>
      </section>

      {a.postId && can('posts.read') ? <PublicationsSection postId={a.postId} /> : null}
      {a.broadcast && a.status !== 'bozza' ? <BroadcastSection alertId={a.id} channelName={dir.channelName} /> : null}

      <p>
        <a href={`/enti/${encodeURIComponent(ente.slug)}/allerte`}>{t('crisis.alerts.publicPage')}</a>
      </p>
    </>
  );
}

function ApprovalSection({ alert: a, crisisActive, approverName, canApprove, onChanged }: { alert: Alert; crisisActive: boolean; approverName: string; canApprove: boolean; onChanged(next: Alert, message: string): void }) {
  const { t, formatDate } = useI18n();
  const { ente } = useEnte();
  const [confirm, setConfirm] = useState<'approve' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const path = `${entePath(ente.slug)}/alerts/${a.id}`;

  useEffect(() => {
    if (confirm) requestAnimationFrame(() => confirmRef.current?.focus());
  }, [confirm]);

  const run = async (what: 'approve' | 'cancel') => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await api<Alert>(`${path}/${what}`, { method: 'POST', body: {} });
      setConfirm(null);
      onChanged(next, what === 'approve' ? (next.fastPath ? t('crisis.approve.doneFast') : t('crisis.approve.done')) : t('crisis.cancel.done'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const mayApprove = canApprove && a.status === 'bozza';
  const mayCancel = canApprove && (a.status === 'bozza' || a.status === 'pubblicata');

  return (
    <section aria-labelledby="alert-approval" className="rdz-panel mb-4">
      <h2 id="alert-approval" className="h4">
        {t('crisis.approve.title')}
      </h2>
      {a.approvedAt ? (
        <>
          <p className="mb-1">{t('crisis.approve.by', { name: approverName, date: formatDate(a.approvedAt) })}</p>
          {a.fastPath ? <p className="mb-1 fw-semibold">{t('crisis.approve.fastPathRecorded')}</p> : <p className="mb-1">{t('crisis.approve.ordinary')}</p>}
          {a.publishedAt ? <p className="mb-1">{t('crisis.approve.published', { date: formatDate(a.publishedAt) })}</p> : null}
        </>
      ) : a.status === 'bozza' ? (
        <p>{crisisActive ? t('crisis.approve.fastPathHint') : t('crisis.approve.fourEyes')}</p>
      ) : null}
      {a.cancelledAt ? <p className="mb-1">{t('crisis.cancel.at', { date: formatDate(a.cancelledAt) })}</p> : null}
      <ProblemAlert error={error} title={t('crisis.approve.failed')} />
      {confirm ? (
        <div className="rdz-crisis-confirm p-3 mt-3">
          <h3 className="h5" tabIndex={-1} ref={confirmRef}>
            {confirm === 'approve' ? t('crisis.approve.confirm') : t('crisis.cancel.confirm')}
          </h3>
          <p>{confirm === 'approve' ? t('crisis.approve.confirmText') : t('crisis.cancel.confirmText')}</p>
          <div className="d-flex gap-2">
            <Button color={confirm === 'approve' ? 'primary' : 'danger'} type="button" disabled={busy} onClick={() => void run(confirm)}>
              {confirm === 'approve' ? t('crisis.approve.yes') : t('crisis.cancel.yes')}
            </Button>
            <Button color="primary" outline type="button" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : mayApprove || mayCancel ? (
        <div className="d-flex flex-wrap gap-2 mt-3">
          {mayApprove ? (
            <Button color="primary" type="button" onClick={() => setConfirm('approve')}>
              {t('crisis.approve.button')}
            </Button>
          ) : null}
          {mayCancel ? (
            <Button color="danger" outline type="button" onClick={() => setConfirm('cancel')}>
              {t('crisis.cancel.button')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
