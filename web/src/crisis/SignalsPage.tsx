import { Button } from 'design-react-kit';
import { Link } from 'react-router';
import { entePath } from '../api/client';
import { useApi } from '../api/useApi';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import type { CrisisSignals, CrisisState } from './types';

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Listening: hours whose volume or share of negative/alarmed messages is far above the usual level
 * for that channel and hour, with the messages behind each spike, and the suggestion to declare a
 * crisis.
 */
export function SignalsPage() {
  const { t, label, lang, formatDate } = useI18n();
  const { ente, can } = useEnte();
  const base = entePath(ente.slug);
  const signals = useApi<CrisisSignals>(`${base}/crisis/signals`);
  const state = useApi<CrisisState>(`${base}/crisis`);
  const s = signals.data;

  return (
    <>
      <PageTitle sub={t('crisis.signals.intro')}>{t('crisis.signals.title')}</PageTitle>
      <div className="mb-3">
        <Button color="primary" outline size="sm" type="button" disabled={signals.loading} onClick={() => void signals.reload()}>
          {t('crisis.signals.refresh')}
        </Button>
      </div>
      <ProblemAlert error={signals.error} />
      {!s && signals.loading ? <Loading /> : null}
      {s?.suggestion ? (
        <div className={`alert ${s.suggestion.declareCrisis ? 'alert-danger' : 'alert-info'}`}>
          <p className="mb-2">{lang === 'en' ? s.suggestion.en : s.suggestion.it}</p>
          {s.suggestion.declareCrisis && can('crisis.declare') && state.data && !state.data.active ? (
            <Link className="btn btn-danger btn-sm" to={`/enti/${ente.slug}/crisi`}>
              {t('crisis.signals.declare')}
            </Link>
          ) : null}
        </div>
      ) : null}
      {s && s.spikes.length === 0 ? <p>{t('crisis.signals.none')}</p> : null}
      {s?.spikes.map((sp) => (
        <section key={`${sp.channelId}-${sp.hour}`} className="rdz-spike" aria-labelledby={`spike-${sp.channelId}-${Date.parse(sp.hour)}`}>
          <h2 id={`spike-${sp.channelId}-${Date.parse(sp.hour)}`} className="h5">
            {t('crisis.signals.spike', { channel: sp.channelName, hour: formatDate(sp.hour) })}
          </h2>
          <p className="mb-1">{t('crisis.signals.counts', { total: sp.total, baseTotal: round(sp.baseline.total), negative: sp.negative, baseNegative: round(sp.baseline.negative) })}</p>
          <p className="mb-2">{t('crisis.signals.reasons', { reasons: sp.reasons.map((r) => label('crisis.spikeReason', r)).join(', ') })}</p>
          <details>
            <summary>{t('crisis.signals.messages', { count: sp.messages.length })}</summary>
            <ul className="mt-2">
              {sp.messages.map((m) => (
                <li key={m.id}>
                  <time dateTime={m.at}>{formatDate(m.at)}</time>
                  {m.alarmed ? <strong> {t('crisis.signals.alarmed')}</strong> : null}: {m.text}
                </li>
              ))}
            </ul>
          </details>
        </section>
      ))}
    </>
  );
}
