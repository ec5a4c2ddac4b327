/**
 * The moderation clauses of the external policy: Italian text written for Redazione, one clause
 * per moderation category (all but 'altro'), with the default action and sanctions.
 */
import type {
  ClauseSanctions,
  ModerationAction,
  ModerationCategory,
  RulebookClause,
} from '../rulebook.ts';
import { ordinalIt, type EnteGrammar } from './ente.fns.ts';

interface ClauseTemplate {
  category: Exclude<ModerationCategory, 'altro'>;
  title: string;
  action: ModerationAction;
  sanctions?: ClauseSanctions;
  text: (g: EnteGrammar) => string;
}

export const CLAUSE_TEMPLATES: readonly ClauseTemplate[] = [
  {
    category: 'insulti',
    title: 'Insulti e offese',
    action: 'hide',
    sanctions: { warnAfter: 2, blockAfter: 3, windowDays: 90 },
    text: () =>
      'Non sono ammessi insulti e offese verso persone, gruppi o istituzioni. ' +
      'Si può criticare una scelta o un servizio. Non si può attaccare chi la pensa in modo diverso.',
  },
  {
    category: 'turpiloquio',
    title: 'Linguaggio volgare',
    action: 'hide',
    sanctions: { warnAfter: 2, blockAfter: 4, windowDays: 90 },
    text: () =>
      'Non sono ammesse parolacce, bestemmie ed espressioni volgari. ' +
      'La regola vale anche per le parole scritte a metà o nascoste con simboli.',
  },
  {
    category: 'minacce',
    title: 'Minacce',
    action: 'delete',
    sanctions: { warnAfter: 1, blockAfter: 2, windowDays: 365 },
    text: () =>
      'Non sono ammesse minacce, nemmeno indirette o per scherzo. ' +
      'Conserviamo una copia del commento. Nei casi gravi lo segnaliamo alle autorità.',
  },
  {
    category: 'discriminazione',
    title: 'Discriminazioni e rispetto della dignità',
    action: 'delete',
    sanctions: { warnAfter: 1, blockAfter: 2, windowDays: 365 },
    text: () =>
      'Non sono ammessi contenuti che discriminano le persone. ' +
      "Per esempio per origine, sesso, orientamento sessuale, religione, età, disabilità o idee. " +
      'Non sono ammessi contenuti che offendono la dignità delle persone. ' +
      'Proteggiamo con più cura i minori e le minoranze.',
  },
  {
    category: 'fuori_tema',
    title: 'Commenti fuori tema',
    action: 'review',
    sanctions: { warnAfter: 3, blockAfter: 6, windowDays: 30 },
    text: () =>
      'Ogni post ha un suo tema. I commenti che parlano di altro rendono difficile seguire la discussione. ' +
      "Per altre domande puoi scriverci in privato o usare i contatti dell'ufficio.",
  },
  {
    category: 'dati_personali',
    title: 'Dati personali',
    action: 'delete',
    sanctions: { warnAfter: 2, blockAfter: 4, windowDays: 90 },
    text: () =>
      'Non pubblicare dati personali, tuoi o di altre persone. ' +
      'Per esempio indirizzo, telefono, email, codice fiscale, numero di una pratica o conto corrente. ' +
      'Non pubblicare mai dati sulla salute. ' +
      'Per una pratica personale scrivici in privato, senza dati non necessari. ' +
      'Cancelliamo il commento per proteggere le persone.',
  },
  {
    category: 'flooding',
    title: 'Messaggi ripetuti',
    action: 'hide',
    sanctions: { warnAfter: 2, blockAfter: 4, windowDays: 7 },
    text: () =>
      'Non pubblicare lo stesso messaggio più volte. ' +
      'Non riempire la pagina di commenti uguali o simili. Ne lasciamo visibile uno solo.',
  },
  {
    category: 'disturbo',
    title: 'Disturbo della discussione',
    action: 'review',
    sanctions: { warnAfter: 2, blockAfter: 3, windowDays: 30 },
    text: () =>
      'Non sono ammessi commenti scritti solo per disturbare la discussione. ' +
      'Non sono ammessi attacchi a chi modera o allo staff. ' +
      'Chi modera applica regole pubbliche, uguali per tutti.',
  },
  {
    category: 'spam',
    title: 'Pubblicità e spam',
    action: 'delete',
    sanctions: { warnAfter: 1, blockAfter: 2, windowDays: 90 },
    text: () =>
      'Non sono ammessi messaggi pubblicitari o commerciali. ' +
      'Vale anche per la pubblicità indiretta, per esempio di CAF, patronati, studi o agenzie. ' +
      'Non sono ammessi link a truffe e catene di messaggi.',
  },
  {
    category: 'propaganda_politica',
    title: 'Propaganda politica',
    action: 'hide',
    sanctions: { warnAfter: 2, blockAfter: 4, windowDays: 90 },
    text: (g) =>
      `I canali ${g.of} sono istituzionali e imparziali. ` +
      'Non sono ammessi messaggi di propaganda per partiti, liste o candidati. ' +
      `Si possono invece discutere le scelte ${g.of}. ` +
      'Durante le campagne elettorali valgono anche le regole della legge 22 febbraio 2000, n. 28.',
  },
  {
    category: 'maiuscolo',
    title: 'Testo tutto in maiuscolo',
    action: 'review',
    sanctions: { warnAfter: 3 },
    text: () =>
      'Scrivere tutto in maiuscolo in rete vuol dire urlare. ' +
      'Il testo è anche più difficile da leggere. Ti chiediamo di usare le maiuscole solo dove servono.',
  },
  {
    category: 'profili_falsi',
    title: 'Profili falsi',
    action: 'review',
    sanctions: { blockAfter: 1 },
    text: () =>
      'Non sono ammessi profili falsi o creati per ingannare. ' +
      "Non è ammesso fingersi un'altra persona, un ufficio o un ente. " +
      'Una persona dello staff controlla il profilo. Se è falso, lo blocchiamo.',
  },
  {
    category: 'copyright',
    title: "Diritto d'autore",
    action: 'delete',
    sanctions: { warnAfter: 1, blockAfter: 3, windowDays: 365 },
    text: () =>
      'Non pubblicare testi, foto, video o musica di altri senza il loro permesso. ' +
      "Il diritto d'autore è tutelato dalla legge 22 aprile 1941, n. 633. " +
      "Quando condividi un'opera, cita sempre l'autore e la fonte.",
  },
  {
    category: 'contenuti_illeciti',
    title: 'Contenuti illeciti',
    action: 'delete',
    sanctions: { blockAfter: 1 },
    text: () =>
      'Non sono ammessi contenuti contrari alla legge. ' +
      "Per esempio l'istigazione alla violenza o all'odio, la diffamazione, le truffe. " +
      'Li rimuoviamo e li segnaliamo alle autorità.',
  },
];

/** The clauses for an Ente, numbered "5.1", "5.2"… under the moderation section's number. */
export function buildClauses(g: EnteGrammar, sectionNumber: number): RulebookClause[] {
  return CLAUSE_TEMPLATES.map((t, i) => ({
    number: `${sectionNumber}.${i + 1}`,
    title: t.title,
    category: t.category,
    action: t.action,
    text: t.text(g),
    ...(t.sanctions ? { sanctions: { ...t.sanctions } } : {}),
  }));
}

const ACTION_TEXT: Record<ModerationAction, string> = {
  hide: 'il commento viene nascosto.',
  review: 'il commento viene letto da una persona dello staff, che decide.',
  delete: 'il commento viene cancellato.',
};

/** "Cosa succede: il commento viene nascosto." */
export function actionSentence(action: ModerationAction): string {
  return `Cosa succede: ${ACTION_TEXT[action]}`;
}

/** The sanctions of a clause as one Italian sentence, or '' when it has none. */
export function sanctionsSentence(s: ClauseSanctions | undefined): string {
  if (!s || (s.warnAfter === undefined && s.blockAfter === undefined)) return '';
  const parts: string[] = [];
  if (s.warnAfter !== undefined) parts.push(`un avviso alla ${ordinalIt(s.warnAfter)} violazione`);
  if (s.blockAfter !== undefined) {
    parts.push(
      s.blockAfter === 1 ? 'il blocco subito' : `il blocco alla ${ordinalIt(s.blockAfter)} violazione`,
    );
  }
  const window = s.windowDays !== undefined ? ` in ${s.windowDays} giorni` : '';
  return `Se la regola non è rispettata: ${parts.join(', poi ')}${window}.`;
}
