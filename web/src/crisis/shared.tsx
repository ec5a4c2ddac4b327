import { useMemo } from 'react';
import { entePath } from '../api/client';
import type { Channel, Person } from '../api/types';
import { useApi } from '../api/useApi';
import { useI18n } from '../i18n/I18n';
import { useEnte } from '../layout/EnteContext';
import type { AlertCode, AlertStatus, BroadcastState } from './types';
import './crisis.css';

const CHANGED = 'rdz:crisis-changed';

/** Tells the banner (and any other reader of the crisis state) to look again: after declare and end. */
export function crisisChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** Runs `fn` whenever crisisChanged() is called; returns the unsubscribe function. */
export function onCrisisChanged(fn: () => void): () => void {
  window.addEventListener(CHANGED, fn);
  return () => window.removeEventListener(CHANGED, fn);
}

/** The national colour code in words, with its colour as an extra cue (never colour alone). */
export function CodeBadge({ code, className = '' }: { code: AlertCode; className?: string }) {
  const { label } = useI18n();
  return (
    <span className={`rdz-code-badge rdz-code-${code} ${className}`}>
      <span className="rdz-code-swatch" aria-hidden="true" />
      {label('crisis.code', code)}
    </span>
  );
}

const ALERT_STATUS_CLASS: Record<AlertStatus, string> = {
  bozza: 'rdz-status-neutral',
  approvata: 'rdz-status-info',
  pubblicata: 'rdz-status-ok',
  annullata: 'rdz-status-danger',
};

/** An alert's state as text in a pill. */
export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const { t, label } = useI18n();
  return (
    <span className={`rdz-pill ${ALERT_STATUS_CLASS[status]}`}>
      <span className="visually-hidden">{t('crisis.alert.statusPrefix')} </span>
      {label('crisis.alertStatus', status)}
    </span>
  );
}

const BROADCAST_CLASS: Record<BroadcastState, string> = { in_corso: 'rdz-status-info', sospeso: 'rdz-status-warn', completato: 'rdz-status-ok' };

export function BroadcastStateBadge({ state }: { state: BroadcastState }) {
  const { label } = useI18n();
  return <span className={`rdz-pill ${BROADCAST_CLASS[state]}`}>{label('crisis.broadcastState', state)}</span>;
}

/** The Ente's channels and people, with lookups by id (names for ids the crisis API returns). */
export function useDirectory() {
  const { ente } = useEnte();
  const base = entePath(ente.slug);
  const channels = useApi<{ channels: Channel[] }>(`${base}/channels`);
  const people = useApi<{ people: Person[] }>(`${base}/people`);
  const { label } = useI18n();
  return useMemo(() => {
    const list = channels.data?.channels ?? [];
    const folks = people.data?.people ?? [];
    return {
      channels: list,
      people: folks,
      channelName: (id: string) => {
        const c = list.find((x) => x.id === id);
        return c ? `${label('platform', c.platform)} · ${c.name}` : id;
      },
      personName: (id: string | null) => (id ? (folks.find((p) => p.userId === id)?.name ?? id) : ''),
      error: channels.error ?? people.error,
    };
  }, [channels.data, channels.error, people.data, people.error, label]);
}

/** Server field errors keyed by their full path and every prefix ("zones.0.name" → "zones.0", "zones"). */
export function serverFieldErrors(fieldErrors: readonly { field: string; message: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fieldErrors ?? []) {
    if (!e.message) continue;
    const parts = e.field.split('.');
    for (let i = parts.length; i >= 1; i--) out[parts.slice(0, i).join('.')] ??= e.message;
  }
  return out;
}

/** Lines of a textarea, trimmed, without empty ones. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
