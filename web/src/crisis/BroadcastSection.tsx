import { Button } from 'design-react-kit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import { toApiError } from '../api/useApi';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { BroadcastStateBadge } from './shared';
import type { Broadcast, BroadcastProgress } from './types';

/** While a broadcast is running, look again this often (the counts move several times a second). */
const POLL_MS = 1_500;

/**
 * The broadcast to subscribers, per channel: sent, failed and remaining, live while it runs; when
 * it stopped, the reason (e.g. an expired token) and "Riprendi l'invio". Only changes of state are
 * announced, not every count.
 */
export function BroadcastSection({ alertId, channelName }: { alertId: string; channelName(id: string): string }) {
  const { t, label, lang } = useI18n();
  const { ente, can } = useEnte();
  const path = `${entePath(ente.slug)}/alerts/${alertId}/broadcast`;
  const [list, setList] = useState<Broadcast[]>();
  const [error, setError] = useState<ApiError>();
  const [actionError, setActionError] = useState<ApiError>();
  const [busy, setBusy] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const previous = useRef<Map<string, string> | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<BroadcastProgress>(path);
      setError(undefined);
      const before = previous.current;
      if (before) {
        const changed = res.broadcasts.filter((b) => before.get(b.id) !== b.state);
        if (changed.length) setAnnounce(changed.map((b) => t('crisis.broadcast.changed', { channel: channelName(b.channelId), state: label('crisis.broadcastState', b.state) })).join(' '));
      }
      previous.current = new Map(res.broadcasts.map((b) => [b.id, b.state]));
      setList(res.broadcasts);
    } catch (err) {
      setError(toApiError(err));
    }
  }, [path, t, label, channelName]);

  useEffect(() => {
    previous.current = null;
    void load();
  }, [load]);

  const running = (list ?? []).some((b) => b.state === 'in_corso');
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, load]);

  const resume = async (b: Broadcast) => {
    setBusy(b.id);
    setActionError(undefined);
    try {
      await api(`${path}/${b.id}/resume`, { method: 'POST' });
      await load();
    } catch (err) {
      setActionError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="alert-broadcast" className="mb-4">
      <h2 id="alert-broadcast" className="h4">
        {t('crisis.broadcast.title')}
      </h2>
      <ProblemAlert error={error} />
      <div role="status" aria-live="polite">
        {announce ? <p className="mb-2">{announce}</p> : null}
      </div>
      <ProblemAlert error={actionError} title={t('crisis.broadcast.resumeFailed')} />
      {list && list.length === 0 ? <p>{t('crisis.broadcast.none')}</p> : null}
      {(list ?? []).map((b) => {
        const done = b.sent + b.failed;
        const pct = b.total ? Math.round((done / b.total) * 100) : 100;
        const name = channelName(b.channelId);
        return (
          <article key={b.id} className="rdz-panel mb-3" aria-labelledby={`broadcast-${b.id}`}>
            <h3 id={`broadcast-${b.id}`} className="h5">
              {name} <BroadcastStateBadge state={b.state} />
            </h3>
            <div className="rdz-progress mb-2" role="progressbar" aria-label={t('crisis.broadcast.progressLabel', { channel: name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={t('crisis.broadcast.progressText', { done, total: b.total })}>
              <span style={{ width: `${pct}%` }} />
            </div>
            <dl className="rdz-broadcast-counts">
              <div>
                <dt>{t('crisis.broadcast.sent')}</dt>
                <dd data-count="sent">{b.sent}</dd>
              </div>
              <div>
                <dt>{t('crisis.broadcast.failed')}</dt>
                <dd data-count="failed">{b.failed}</dd>
              </div>
              <div>
                <dt>{t('crisis.broadcast.remaining')}</dt>
                <dd data-count="remaining">{b.remaining}</dd>
              </div>
              <div>
                <dt>{t('crisis.broadcast.total')}</dt>
                <dd>{b.total}</dd>
              </div>
            </dl>
            <p className="small mb-2">{t('crisis.broadcast.rate', { rate: b.ratePerSecond })}</p>
            {b.state === 'sospeso' && b.stopReason ? (
              <div className="alert alert-warning">
                <p className="mb-2">
                  <strong>{t('crisis.broadcast.stopped')}</strong> {lang === 'en' ? b.stopReason.en : b.stopReason.it}
                </p>
                {can('subscribers.manage') ? (
                  <Button color="primary" size="sm" type="button" disabled={busy === b.id} onClick={() => void resume(b)}>
                    {t('crisis.broadcast.resume')}
                  </Button>
                ) : null}
              </div>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
