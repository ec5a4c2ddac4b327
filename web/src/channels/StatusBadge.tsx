import type { ChannelStatus } from '../api/types';
import { useI18n } from '../i18n/I18n';

const CLASS: Record<ChannelStatus, string> = {
  attivo: 'rdz-status-ok',
  sospeso: 'rdz-status-neutral',
  da_ricollegare: 'rdz-status-warn',
  archiviato: 'rdz-status-neutral',
};

/** A channel's status as text in a coloured pill (colour is never the only cue). */
export function StatusBadge({ status }: { status: ChannelStatus }) {
  const { label } = useI18n();
  return <span className={`rdz-pill ${CLASS[status]}`}>{label('status', status)}</span>;
}
