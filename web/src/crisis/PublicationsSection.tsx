import { useCallback, useEffect, useRef, useState } from 'react';
import { api, entePath, type ApiError } from '../api/client';
import type { Publication, Publications } from '../api/types';
import { toApiError } from '../api/useApi';
import { ProblemAlert } from '../components/ProblemAlert';
import { useBilingual } from '../editorial/shared';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import { PublicationBadge } from '../publishing/PublicationBadge';
import { useDirectory } from './shared';

/** While something is still going out, look again this often. */
const POLL_MS = 1_500;
const MOVING = new Set(['programmato', 'in_pubblicazione', 'da_riprovare']);

/** The alert's publication on each channel (the publishing queue's rows for its post), live. */
export function PublicationsSection({ postId }: { postId: string }) {
  const { t, label } = useI18n();
  const { ente } = useEnte();
  const dir = useDirectory();
  const bi = useBilingual();
  const [list, setList] = useState<Publication[]>();
  const [error, setError] = useState<ApiError>();
  const [announce, setAnnounce] = useState('');
  const previous = useRef<Map<string, string> | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<Publications>(`${entePath(ente.slug)}/posts/${postId}/publications`);
      setError(undefined);
      const before = previous.current;
      if (before) {
        const changed = res.publications.filter((p) => before.has(p.id) && before.get(p.id) !== p.state);
        if (changed.length) setAnnounce(changed.map((p) => t('crisis.pub.changed', { channel: p.channelName, state: label('pubState', p.state) })).join(' '));
      }
      previous.current = new Map(res.publications.map((p) => [p.id, p.state]));
      setList(res.publications);
    } catch (err) {
      setError(toApiError(err));
    }
  }, [ente.slug, postId, t, label]);

  useEffect(() => {
    previous.current = null;
    void load();
  }, [load]);

  const moving = (list ?? []).some((p) => MOVING.has(p.state));
  useEffect(() => {
    if (!moving) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [moving, load]);

  return (
    <section aria-labelledby="alert-publications" className="mb-4">
      <h2 id="alert-publications" className="h4">
        {t('crisis.pub.title')}
      </h2>
      <ProblemAlert error={error} />
      <div role="status" aria-live="polite">
        {announce ? <p className="mb-2">{announce}</p> : null}
      </div>
      {list && list.length === 0 ? <p>{t('crisis.pub.none')}</p> : null}
      {list && list.length ? (
        <div className="table-responsive">
          <table className="table rdz-table">
            <caption>{t('crisis.pub.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crisis.paused.channel')}</th>
                <th scope="col">{t('crisis.pub.state')}</th>
                <th scope="col">{t('crisis.pub.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{dir.channelName(p.channelId)}</th>
                  <td>
                    <PublicationBadge state={p.state} />
                  </td>
                  <td>
                    {p.url ? (
                      <a href={p.url} target="_blank" rel="noopener noreferrer">
                        {t('crisis.pub.open', { channel: p.channelName })}
                        <span className="visually-hidden"> {t('crisis.newTab')}</span>
                      </a>
                    ) : null}
                    {p.reason ? <span className="d-block">{bi(p.reason)}</span> : null}
                    {!p.url && !p.reason ? '—' : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
