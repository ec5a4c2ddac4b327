import { useMemo } from 'react';
import { entePath } from '../api/client';
import type { Bilingual, Channel, Desk, PostStatus } from '../api/types';
import { useApi } from '../api/useApi';
import { Icon } from '../components/Icon';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import './editorial.css';

const STATUS_CLASS: Record<PostStatus, string> = {
  proposta: 'rdz-status-neutral',
  in_lavorazione: 'rdz-status-info',
  in_approvazione: 'rdz-status-warn',
  approvato: 'rdz-status-ok',
  programmato: 'rdz-status-ok',
  rifiutato: 'rdz-status-danger',
  pubblicato: 'rdz-status-neutral',
};

/** A post's state as text in a pill; colour is an extra cue only. */
export function PostStatusBadge({ status, className = '' }: { status: PostStatus; className?: string }) {
  const { t, label } = useI18n();
  return (
    <span className={`rdz-pill ${STATUS_CLASS[status] ?? 'rdz-status-neutral'} ${className}`}>
      <span className="visually-hidden">{t('post.statusPrefix')} </span>
      {label('postStatus', status)}
    </span>
  );
}

/** The text of a bilingual label in the UI language. */
export function useBilingual(): (b: Bilingual) => string {
  const { lang } = useI18n();
  return (b) => (lang === 'en' ? b.en : b.it);
}

/** The Ente's channels and desks, with lookups by id. */
export function useChannelsAndDesks() {
  const { ente } = useEnte();
  const base = entePath(ente.slug);
  const channels = useApi<{ channels: Channel[] }>(`${base}/channels`);
  const desks = useApi<{ desks: Desk[] }>(`${base}/desks`);
  return useMemo(() => {
    const list = channels.data?.channels ?? [];
    const deskList = desks.data?.desks ?? [];
    return {
      channels: list,
      desks: deskList,
      channelById: (id: string) => list.find((c) => c.id === id),
      deskById: (id: string | null) => (id ? deskList.find((d) => d.id === id) : undefined),
      error: channels.error ?? desks.error,
    };
  }, [channels.data, channels.error, desks.data, desks.error]);
}

export const SEVERITY_ICON: Record<'blocking' | 'warning' | 'info', string> = {
  blocking: 'it-error',
  warning: 'it-warning-circle',
  info: 'it-info-circle',
};

/** A finding's severity: an icon and the word for it (never colour alone). */
export function SeverityLabel({ severity }: { severity: 'blocking' | 'warning' | 'info' }) {
  const { label } = useI18n();
  return (
    <span className={`rdz-severity rdz-severity-${severity}`}>
      <Icon name={SEVERITY_ICON[severity]} size="sm" className="me-1" />
      <strong>{label('severity', severity)}</strong>
    </span>
  );
}

/** ISO instant → value for <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** <input type="datetime-local"> value → ISO instant (null when empty or invalid). */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "X (Twitter) · Comune di Esempio" */
export function channelTitle(label: (p: string, c: string) => string, c: { platform: string; name?: string; channelName?: string }): string {
  return `${label('platform', c.platform)} · ${c.name ?? c.channelName ?? ''}`;
}
