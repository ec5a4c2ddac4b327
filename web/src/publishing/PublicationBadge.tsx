import type { PublicationState } from '../api/types';
import { useI18n } from '../i18n/I18n';
import '../editorial/editorial.css';
import './publishing.css';

const CLASS: Record<PublicationState, string> = {
  programmato: 'rdz-status-info',
  in_pubblicazione: 'rdz-status-info',
  da_riprovare: 'rdz-status-warn',
  pubblicato: 'rdz-status-ok',
  fallito: 'rdz-status-danger',
  da_verificare: 'rdz-status-warn',
  annullato: 'rdz-status-neutral',
};

/** A publication's state as text in a pill; colour is an extra cue only. */
export function PublicationBadge({ state }: { state: PublicationState }) {
  const { t, label } = useI18n();
  return (
    <span className={`rdz-pill ${CLASS[state] ?? 'rdz-status-neutral'}`}>
      <span className="visually-hidden">{t('pub.statePrefix')} </span>
      {label('pubState', state)}
    </span>
  );
}

/** Date and time with seconds, for attempts. */
export function useFormatTime(): (iso: string | null) => string {
  const { lang } = useI18n();
  const locale = lang === 'it' ? 'it-IT' : 'en-GB';
  return (iso) => {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' });
  };
}
