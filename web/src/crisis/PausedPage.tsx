import { Button } from 'design-react-kit';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError, useApi } from '../api/useApi';
import { TextField } from '../components/Fields';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert, StatusMessage } from '../components/ProblemAlert';
import { fromLocalInput } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { serverFieldErrors, useDirectory } from './shared';
import type { CrisisState, PausedDecision, PausedVariant } from './types';

/**
 * The posts paused by crises, reviewed one by one: each waiting variant is rescheduled at a new
 * time (after the crisis) or dropped. Ending a crisis restores nothing by itself.
 */
export function PausedPage() {
  const { t, label, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const paused = useApi<{ paused: PausedVariant[] }>(`${base}/crisis/paused`);
  const state = useApi<CrisisState>(`${base}/crisis`);
  const dir = useDirectory();
  const [message, setMessage] = useState<string>();
  const list = paused.data?.paused ?? [];
  const waiting = list.filter((p) => p.state === 'sospeso');
  const decided = list.filter((p) => p.state !== 'sospeso');
  const active = state.data?.active ?? false;
  // Rescheduling waits for the end of the crisis; until the crisis state is known it waits too.
  const rescheduleLater = !state.data || active;
  const mayDecide = can('posts.schedule');

  const decidedNow = (d: PausedDecision, title: string) => {
    setMessage(d.state === 'riprogrammato' ? t('crisis.paused.rescheduled', { title, channel: dir.channelName(d.channelId), date: formatDate(d.scheduledAt) }) : t('crisis.paused.dropped', { title, channel: dir.channelName(d.channelId) }));
    void paused.reload();
  };

  return (
    <>
      <PageTitle sub={t('crisis.paused.intro')}>{t('crisis.paused.title')}</PageTitle>
      <ProblemAlert error={paused.error ?? state.error} />
      <StatusMessage>{message}</StatusMessage>
      {!paused.data && paused.loading ? <Loading /> : null}
      {active && waiting.length ? <p className="alert alert-warning">{t('crisis.paused.duringCrisis')}</p> : null}
      {paused.data ? (
        <>
          <section aria-labelledby="paused-waiting" className="mb-4">
            <h2 id="paused-waiting" className="h4">
              {t('crisis.paused.waiting')}
            </h2>
            {waiting.length === 0 ? (
              <p>{t('crisis.paused.none')}</p>
            ) : (
              <div className="table-responsive">
                <table className="table rdz-table">
                  <caption>{t('crisis.paused.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('crisis.paused.post')}</th>
                      <th scope="col">{t('crisis.paused.channel')}</th>
                      <th scope="col">{t('crisis.paused.was')}</th>
                      {mayDecide ? <th scope="col">{t('common.actions')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {waiting.map((p) => (
                      <tr key={`${p.postId}-${p.channelId}`}>
                        <th scope="row">
                          <Link to={`/enti/${ente.slug}/post/${p.postId}`}>{p.title}</Link>
                        </th>
                        <td>{dir.channelName(p.channelId)}</td>
                        <td>{p.scheduledAt ? formatDate(p.scheduledAt) : '—'}</td>
                        {mayDecide ? (
                          <td>
                            <Decide item={p} channel={dir.channelName(p.channelId)} disabledReschedule={rescheduleLater} onDone={(d) => decidedNow(d, p.title)} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {decided.length ? (
            <section aria-labelledby="paused-decided" className="mb-4">
              <h2 id="paused-decided" className="h4">
                {t('crisis.paused.decided')}
              </h2>
              <div className="table-responsive">
                <table className="table rdz-table">
                  <caption>{t('crisis.paused.decidedCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('crisis.paused.post')}</th>
                      <th scope="col">{t('crisis.paused.channel')}</th>
                      <th scope="col">{t('crisis.paused.decision')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {decided.map((p) => (
                      <tr key={`${p.crisisId}-${p.postId}-${p.channelId}`}>
                        <th scope="row">
                          <Link to={`/enti/${ente.slug}/post/${p.postId}`}>{p.title}</Link>
                        </th>
                        <td>{dir.channelName(p.channelId)}</td>
                        <td>
                          {label('crisis.pausedState', p.state)}
                          {p.rescheduledAt ? ` — ${formatDate(p.rescheduledAt)}` : ''}
                          {p.decidedAt ? <span className="d-block small">{t('crisis.paused.decidedAt', { date: formatDate(p.decidedAt) })}</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** One paused variant's decision: a new time and "Riprogramma", or "Scarta". */
function Decide({ item, channel, disabledReschedule, onDone }: { item: PausedVariant; channel: string; disabledReschedule: boolean; onDone(d: PausedDecision): void }) {
  const { t } = useI18n();
  const { ente } = useEnte();
  const [at, setAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const path = `${entePath(ente.slug)}/crisis/paused/${item.postId}/${item.channelId}`;
  const id = `paused-${item.postId}-${item.channelId}`;
  const fe = serverFieldErrors(error?.fieldErrors);

  const run = async (what: 'reschedule' | 'drop') => {
    setBusy(true);
    setError(undefined);
    try {
      const body = what === 'reschedule' ? { at: fromLocalInput(at) ?? undefined } : undefined;
      onDone(await api<PausedDecision>(`${path}/${what}`, { method: 'POST', body: body ?? {} }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run('reschedule');
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('crisis.paused.decideLabel', { title: item.title, channel })}>
      {error && !fe.at ? <ProblemAlert error={error} /> : null}
      <TextField id={`${id}-at`} label={t('crisis.paused.newTime')} type="datetime-local" value={at} onChange={setAt} error={fe.at} disabled={disabledReschedule} />
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" size="sm" type="submit" disabled={busy || disabledReschedule}>
          {t('crisis.paused.reschedule')}
        </Button>
        <Button color="danger" outline size="sm" type="button" disabled={busy} onClick={() => void run('drop')}>
          {t('crisis.paused.drop')}
        </Button>
      </div>
    </form>
  );
}
