import { Button } from 'design-react-kit';
import { useState } from 'react';
import { api, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { OutcomeMessage, type Outcome } from './Outcome';
import { InboxNav, useBi, useChannelLabel, useInboxPaths } from './shared';
import type { AcceptSanctionResult, Sanction } from './types';
import { useDirectory } from './useDirectory';

/**
 * Warnings and blocks the policy's clauses propose for repeated violations; the community manager
 * accepts (a block is carried out through the connector, or left "da fare a mano") or dismisses.
 */
export function SanctionsPage() {
  const { t, label, formatDate } = useI18n();
  const { api: base } = useInboxPaths();
  const { can } = useEnte();
  const bi = useBi();
  const dir = useDirectory();
  const channelLabel = useChannelLabel();
  const list = useApi<{ sanctions: Sanction[] }>(`${base}/sanctions`);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const sanctions = list.data?.sanctions ?? [];
  const decide = can('inbox.moderate');
  const channelName = (id: string) => {
    const c = dir.channels.find((x) => x.id === id);
    return c ? channelLabel(c) : id;
  };

  const act = async (s: Sanction, action: 'accept' | 'dismiss') => {
    setBusy(s.id);
    setError(undefined);
    setOutcome(null);
    try {
      const what = `${label('inbox.sanctionKind', s.kind)} – ${s.authorName}`;
      if (action === 'accept') {
        const r = await api<AcceptSanctionResult>(`${base}/sanctions/${s.id}/accept`, { method: 'POST' });
        const text = t(`inbox.sanctions.accepted.${r.onPlatform}`, { what });
        setOutcome({ tone: r.onPlatform === 'done' ? 'success' : 'warning', text: r.message ? `${text} ${bi(r.message)}` : text });
      } else {
        await api<Sanction>(`${base}/sanctions/${s.id}/dismiss`, { method: 'POST', body: {} });
        setOutcome({ tone: 'success', text: t('inbox.sanctions.dismissed', { what }) });
      }
      await list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle sub={t('inbox.sanctions.intro')}>{t('inbox.sanctions.title')}</PageTitle>
      <InboxNav />
      <ProblemAlert error={list.error ?? error} />
      <OutcomeMessage outcome={outcome} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && sanctions.length === 0 ? <p>{t('inbox.sanctions.empty')}</p> : null}
      {sanctions.length ? (
        <div className="table-responsive">
          <table className="table rdz-table">
            <caption>{t('inbox.sanctions.caption', { count: sanctions.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.sanctions.author')}</th>
                <th scope="col">{t('inbox.sanctions.kind')}</th>
                <th scope="col">{t('inbox.sanctions.clause')}</th>
                <th scope="col">{t('inbox.sanctions.violations')}</th>
                <th scope="col">{t('inbox.col.channel')}</th>
                <th scope="col">{t('inbox.sanctions.status')}</th>
                <th scope="col">{t('inbox.sanctions.proposedAt')}</th>
                {decide ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {sanctions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.authorName}</th>
                  <td>{label('inbox.sanctionKind', s.kind)}</td>
                  <td>{s.clauseNumber}</td>
                  <td>{t('inbox.sanctions.inWindow', { count: s.violations, days: s.windowDays })}</td>
                  <td>{channelName(s.channelId)}</td>
                  <td>{label('inbox.sanctionStatus', s.status)}</td>
                  <td>
                    <time dateTime={s.createdAt}>{formatDate(s.createdAt)}</time>
                  </td>
                  {decide ? (
                    <td>
                      {s.status === 'proposta' ? (
                        <div className="d-flex flex-wrap gap-2">
                          <Button color="primary" size="sm" type="button" disabled={busy !== null} aria-label={t('inbox.sanctions.acceptLabel', { kind: label('inbox.sanctionKind', s.kind), name: s.authorName })} onClick={() => void act(s, 'accept')}>
                            {t('inbox.sanctions.accept')}
                          </Button>
                          <Button color="secondary" outline size="sm" type="button" disabled={busy !== null} aria-label={t('inbox.sanctions.dismissLabel', { kind: label('inbox.sanctionKind', s.kind), name: s.authorName })} onClick={() => void act(s, 'dismiss')}>
                            {t('inbox.sanctions.dismiss')}
                          </Button>
                        </div>
                      ) : (
                        '—'
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
