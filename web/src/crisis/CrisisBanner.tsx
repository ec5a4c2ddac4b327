import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, entePath } from '../api/client';
import type { MeEnte } from '../api/types';
import { Icon } from '../components/Icon';
import { useI18n } from '../i18n/I18n';
import { onCrisisChanged } from './shared';
import type { Crisis, CrisisState } from './types';
import './crisis.css';

/** How often the banner looks again at the crisis state. */
const REFRESH_MS = 30_000;

/**
 * The banner shown on every page of an Ente while a crisis is declared: the reason, since when,
 * the expected end and a link to the crisis page. It lives in a polite live region that exists on
 * every page: its content changes only when a crisis starts or ends (or its data change), so a
 * screen reader hears it then, not at each refresh. Refreshed every 30 s and at once after a
 * declaration or an end in this tab.
 */
export function CrisisBanner({ ente }: { ente: MeEnte }) {
  const { t, formatDate } = useI18n();
  const [crisis, setCrisis] = useState<Crisis | null>(null);
  const [ended, setEnded] = useState(false);
  const known = useRef<string | null | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const s = await api<CrisisState>(`${entePath(ente.slug)}/crisis`);
      const id = s.active && s.crisis ? s.crisis.id : null;
      // "Ended" is said only when this page saw the crisis in force and then saw it gone.
      setEnded(known.current !== undefined && known.current !== null && id === null);
      known.current = id;
      // Same data, same object: nothing re-renders, nothing is re-announced.
      setCrisis((prev) => (s.crisis && s.active ? (prev && JSON.stringify(prev) === JSON.stringify(s.crisis) ? prev : s.crisis) : null));
    } catch {
      // A failed refresh keeps what is shown; the next one tries again.
    }
  }, [ente.slug]);

  useEffect(() => {
    known.current = undefined;
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    const off = onCrisisChanged(() => void load());
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [load]);

  return (
    <div role="status" aria-live="polite" className="rdz-crisis-live">
      {crisis ? (
        <div className="rdz-crisis-banner" data-testid="crisis-banner">
          <div className="container py-3">
            <p className="rdz-crisis-banner-title mb-1">
              <Icon name="it-warning-circle" className="icon-white me-2" />
              <strong>{t('crisis.banner.title')}</strong>
            </p>
            <p className="mb-1">{t('crisis.banner.reason', { reason: crisis.reason })}</p>
            <p className="mb-1">
              {t('crisis.banner.times', { since: formatDate(crisis.declaredAt), end: formatDate(crisis.expectedEndAt) })} {t('crisis.banner.only')}
            </p>
            <Link to={`/enti/${ente.slug}/crisi`} className="rdz-crisis-banner-link">
              {t('crisis.banner.link')}
            </Link>
          </div>
        </div>
      ) : ended ? (
        <span className="visually-hidden">{t('crisis.banner.ended')}</span>
      ) : null}
    </div>
  );
}
