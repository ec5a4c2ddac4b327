/** Plain-language explanations of a moderation decision, in Italian with an English counterpart. */
import type { ModerationAction, ModerationCategory, RulebookClause } from '../policy/rulebook.ts';
import type { Bilingual, Decision, Evidence } from './moderation.types.ts';

export const CATEGORY_LABEL: Record<ModerationCategory, Bilingual> = {
  insulti: { it: 'insulti', en: 'insults' },
  turpiloquio: { it: 'turpiloquio', en: 'vulgar language' },
  minacce: { it: 'minacce', en: 'threats' },
  discriminazione: { it: 'discriminazione', en: 'discrimination' },
  fuori_tema: { it: 'fuori tema', en: 'off-topic' },
  dati_personali: { it: 'dati personali', en: 'personal data' },
  flooding: { it: 'commenti ripetuti', en: 'flooding' },
  disturbo: { it: 'disturbo della discussione', en: 'disturbing the discussion' },
  spam: { it: 'spam e pubblicità', en: 'spam and advertising' },
  propaganda_politica: { it: 'propaganda politica', en: 'political propaganda' },
  maiuscolo: { it: 'testo in maiuscolo', en: 'all caps' },
  profili_falsi: { it: 'profili falsi', en: 'fake profiles' },
  copyright: { it: "violazione del diritto d'autore", en: 'copyright' },
  contenuti_illeciti: { it: 'contenuti illeciti', en: 'illegal content' },
  altro: { it: 'altro', en: 'other' },
};

function reasons(evidence: Evidence[]): Bilingual {
  const it = [...new Set(evidence.map((e) => e.reason.it))].slice(0, 3);
  const en = [...new Set(evidence.map((e) => e.reason.en))].slice(0, 3);
  return { it: it.join('; '), en: en.join('; ') };
}

export interface ExplainArgs {
  decision: Decision;
  category: ModerationCategory | null;
  clause: RulebookClause | null;
  evidence: Evidence[];
  /** The clause asks to hide but the detection is uncertain or context-dependent. */
  demoted: boolean;
  offHoursHidden: boolean;
}

/** Explanation citing the clause ("Clausola 4.3 – Dati personali: ..."). */
export function explain(a: ExplainArgs): Bilingual {
  if (a.decision === 'allow' || a.category === null) {
    return { it: 'Nessuna clausola della policy è violata: il commento è consentito.', en: 'No clause of the policy is breached: the comment is allowed.' };
  }
  const r = reasons(a.evidence);
  if (!a.clause) {
    const label = CATEGORY_LABEL[a.category];
    return {
      it: `Possibile caso di ${label.it}: ${r.it}. La policy non contiene una clausola su questo tema, quindi nessuna clausola è citata e il commento non viene nascosto: una persona deve valutarlo.`,
      en: `Possible ${label.en}: ${r.en}. The policy has no clause on this, so no clause is cited and the comment is not hidden: a person must assess it.`,
    };
  }
  const head = { it: `Clausola ${a.clause.number} – ${a.clause.title}: ${r.it}.`, en: `Clause ${a.clause.number} – ${a.clause.title}: ${r.en}.` };
  const tail = outcomeSentence(a.decision, a.clause.action, a.demoted, a.offHoursHidden);
  return { it: `${head.it} ${tail.it}`, en: `${head.en} ${tail.en}` };
}

function outcomeSentence(decision: Decision, action: ModerationAction, demoted: boolean, offHours: boolean): Bilingual {
  if (offHours) {
    return {
      it: "Siamo fuori dall'orario di moderazione: il commento resta nascosto finché una persona non lo verifica.",
      en: 'Outside moderation hours: the comment stays hidden until a person checks it.',
    };
  }
  if (decision === 'review') {
    return demoted
      ? { it: 'Il rilevamento non è certo o dipende dal contesto: una persona deve verificarlo prima di nasconderlo.', en: 'The detection is uncertain or depends on context: a person must check it before hiding.' }
      : { it: 'La clausola prevede la verifica di una persona.', en: 'The clause asks for a person to check it.' };
  }
  return action === 'delete'
    ? { it: 'La clausola prevede la rimozione: il commento è nascosto (reversibile) e la cancellazione spetta a una persona.', en: 'The clause provides for removal: the comment is hidden (reversibly) and deletion is left to a person.' }
    : { it: 'Il commento è nascosto; la decisione è reversibile.', en: 'The comment is hidden; the decision is reversible.' };
}
