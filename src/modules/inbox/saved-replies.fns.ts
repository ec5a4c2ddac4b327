/**
 * The saved replies every Ente starts with: short, courteous, institutional and impersonal
 * (L. 150/2000), never asking for personal data in public (GDPR minimisation). Staff edit them.
 */
export interface SavedReplySeed {
  title: string;
  body: string;
  category: string | null;
}

export const DEFAULT_SAVED_REPLIES: SavedReplySeed[] = [
  {
    title: 'Presa in carico',
    body: 'Gentile {nome}, grazie per la segnalazione: l’abbiamo inoltrata all’ufficio competente e le risponderemo qui appena possibile.',
    category: null,
  },
  {
    title: 'Spostiamoci in privato (dati personali)',
    body: 'Gentile {nome}, per tutelare la sua privacy non scriva qui dati personali (codice fiscale, numero di pratica, indirizzo). Ci scriva in privato o all’URP e la aiuteremo.',
    category: 'dati_personali',
  },
  {
    title: 'Orari e contatti dell’URP',
    body: 'Gentile {nome}, l’Ufficio Relazioni con il Pubblico è a sua disposizione negli orari indicati sul sito istituzionale, alla pagina Contatti. Può scriverci anche in privato qui.',
    category: null,
  },
  {
    title: 'Richiamo alla policy',
    body: 'Ricordiamo che questo spazio è regolato dalla social media policy dell’Ente, pubblicata sul sito: i commenti che non la rispettano possono essere nascosti. Grazie per la collaborazione.',
    category: 'disturbo',
  },
  {
    title: 'Accesso civico (FOIA)',
    body: 'Gentile {nome}, per ottenere dati o documenti può presentare una richiesta di accesso civico generalizzato (D.Lgs. 33/2013, art. 5): trova il modulo e le istruzioni nella sezione Amministrazione trasparente del sito.',
    category: null,
  },
  {
    title: 'Chiusura della conversazione',
    body: 'Gentile {nome}, speriamo di averle dato le informazioni che cercava. Per altre domande siamo qui. Buona giornata!',
    category: null,
  },
];
