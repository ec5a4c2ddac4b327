/**
 * Ready behaviour rules for the alert composer, in Italian (the language of the message, whatever
 * the UI language). The per-risk rules are the server's BEHAVIOUR_TEMPLATES
 * (src/modules/crisis/alerts.fns.ts, from the national "Io non rischio" guidance): keep them in
 * step. The per-code lines follow the typical Comune post of DOMAIN.md (where to stay updated).
 */
import type { AlertCode, Risk } from './types';

export const BEHAVIOUR_TEMPLATES: Record<Risk, string[]> = {
  idrogeologico: ['Non sostare vicino a versanti e pendii', 'Evita sottopassi e scantinati', 'Non attraversare strade allagate'],
  idraulico: ['Stai lontano da argini, ponti e corsi d’acqua', 'Non scendere in cantine e garage', 'Sali ai piani alti in caso di allagamento'],
  temporali: ['Evita spazi aperti e alberi isolati', 'Fissa gli oggetti sui balconi', 'Limita gli spostamenti'],
  neve: ['Usa gomme invernali o catene', 'Evita spostamenti non necessari', 'Attenzione al ghiaccio su marciapiedi e strade'],
  vento: ['Stai lontano da alberi, impalcature e cartelloni', 'Fissa gli oggetti sui balconi', 'Evita le zone costiere'],
  ondate_di_calore: ['Evita di uscire nelle ore più calde', 'Bevi molta acqua', 'Aiuta anziani e persone fragili'],
  incendi: ['Non accendere fuochi all’aperto', 'Non gettare mozziconi', 'Segnala subito ogni fumo al 112'],
  altro: ['Segui le indicazioni delle autorità'],
};

const BY_CODE: Record<AlertCode, { before: string[]; after: string[] }> = {
  verde: { before: [], after: ['Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  gialla: { before: [], after: ['Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  arancione: { before: [], after: ['Evita gli spostamenti non necessari', 'Segui gli aggiornamenti sui canali ufficiali del Comune'] },
  rossa: { before: ['Resta in casa se puoi e segui le indicazioni delle autorità'], after: ['Evita gli spostamenti non necessari', 'Segui gli aggiornamenti sui canali ufficiali del Comune'] },
};

/**
 * The behaviour rules for a code and its risks: none of the risk rules for "verde" (no alert),
 * otherwise each risk's rules, then the code's own lines, without repeats.
 */
export function behaviourTemplate(code: AlertCode | '', risks: readonly Risk[]): string[] {
  if (!code) return risks.flatMap((r) => BEHAVIOUR_TEMPLATES[r]).filter(unique);
  const byCode = BY_CODE[code];
  const perRisk = code === 'verde' ? [] : risks.flatMap((r) => BEHAVIOUR_TEMPLATES[r]);
  return [...byCode.before, ...perRisk, ...byCode.after].filter(unique);
}

function unique(line: string, i: number, all: string[]): boolean {
  return all.indexOf(line) === i;
}
