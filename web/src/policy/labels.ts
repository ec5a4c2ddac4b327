import type { AdoptionAct } from '../api/types';
import type { Translate } from '../i18n/I18n';

/** "delibera n. 123 del 13 ottobre 2026" in the UI language. */
export function actLabel(t: Translate, act: AdoptionAct, formatDate: (iso: string, withTime?: boolean) => string): string {
  return t(act.type === 'delibera' ? 'policy.actDelibera' : 'policy.actDetermina', { number: act.number, date: formatDate(act.date, false) });
}
