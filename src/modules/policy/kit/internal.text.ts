/**
 * The internal social media policy (for staff): Italian template text written for Redazione.
 * Short sentences on purpose: every section must score at least 50 on the Gulpease index.
 * Values from the profile arrive already escaped (see internal.fns.ts).
 */
import type { EnteGrammar } from './ente.fns.ts';
import { items, type SectionTemplate } from './external.text.ts';
import { lawsList } from './laws.text.ts';
import { DESK_TEXT } from './internal.desks.text.ts';

/** What the template needs, prepared from the Ente's profile. */
export interface InternalView {
  g: EnteGrammar;
  /** One item per channel: who runs it, with which role. */
  channelRoleItems: string[];
  /** One item per person: name and roles. */
  peopleItems: string[];
  /** One item per channel: who holds and who may change the credentials. */
  custodyItems: string[];
  /** One item per channel: which desk writes its content. */
  contentItems: string[];
  analysts: string;
  backupOwners: string;
  /** Desk leads and Social Media Managers. */
  groupMembers: string;
  /** One item per desk of the redazione unica. */
  deskItems: string[];
  /** "WhatsApp e Telegram": the fast channels for alerts, or '' when the Ente has none. */
  alertChannels: string;
}

export const INTERNAL_TITLE = 'Social media policy interna';

export const INTERNAL_SECTIONS: readonly SectionTemplate<InternalView>[] = [
  {
    key: 'ambito',
    title: 'Scopo e ambito',
    body: ({ g }) => `Questa policy spiega come il personale ${g.of} usa i social media. Vale per chi gestisce i canali ufficiali. Vale anche per tutti i dipendenti, quando usano i social a titolo personale.

Completa la policy esterna, che fissa le regole per il pubblico. Applica la legge 7 giugno 2000, n. 150 e il codice di comportamento dei dipendenti pubblici. Il codice è il DPR 16 aprile 2013, n. 62, modificato dal DPR 13 giugno 2023, n. 81.

I canali ufficiali sono strumenti di servizio pubblico. Parlano a nome ${g.of}, mai a nome di chi li gestisce. Le credenziali e i contenuti appartengono ${g.to}.`,
  },
  {
    key: 'ruoli',
    title: 'Ruoli e responsabilità',
    body: ({ channelRoleItems, peopleItems }) => `In Redazione ogni persona ha uno o più ruoli:
- amministratore: gestisce accessi, ruoli e impostazioni;
- Social Media Manager: coordina il gruppo social e risponde della moderazione;
- redattore: scrive, programma e modera i contenuti;
- proponente: propone contenuti alla redazione;
- approvatore: approva i contenuti prima della pubblicazione;
- osservatore: legge calendario e statistiche, senza modificare nulla.

Chi gestisce ogni canale:
${items(channelRoleItems)}

Le persone e i loro ruoli:
${items(peopleItems)}

Ogni cambio di ruolo si registra in Redazione. Chi lascia l'incarico perde subito gli accessi.`,
  },
  {
    key: 'credenziali',
    title: 'Credenziali di accesso',
    body: ({ g, custodyItems }) => `Le credenziali dei canali sono ${g.of}. Non sono di chi le usa. Ogni account è collegato a un indirizzo email istituzionale.

Chi custodisce le credenziali e chi può cambiarle:
${items(custodyItems)}

Regole per tutti:
- usa l'accesso in due passaggi, dove esiste;
- non inviare mai le password per email o in chat;
- su Facebook dai ruoli personali sulla pagina, senza condividere la password;
- cambia le password quando una persona lascia l'incarico;
- segnala subito un accesso sospetto al Social Media Manager.

Il Social Media Manager tiene aggiornato questo elenco. Lo controlla almeno una volta all'anno.`,
  },
  {
    key: 'redazione_contenuti',
    title: 'Chi scrive i contenuti',
    body: ({ contentItems }) => `Ogni canale ha un gruppo che ne cura i contenuti:
${items(contentItems)}

I responsabili dei servizi propongono i contenuti alla redazione. La redazione li adatta al canale. Un approvatore li controlla prima della pubblicazione.

Chi scrive segue queste regole:
- pubblica solo informazioni verificate e aggiornate;
- usa frasi brevi e parole comuni;
- mette un testo alternativo a ogni immagine e i sottotitoli ai video;
- non pubblica dati personali senza una base giuridica;
- mette un link alla pagina del sito con i dettagli;
- durante le campagne elettorali comunica solo in forma impersonale, e solo se serve. Lo chiede la legge 22 febbraio 2000, n. 28.`,
  },
  {
    key: 'analisi_backup',
    title: 'Analisi dei dati e copie di sicurezza',
    body: ({ g, analysts, backupOwners }) => `Le statistiche dei canali sono curate da ${analysts}. Ogni mese preparano un breve rapporto. Il rapporto dice cosa funziona e cosa cambiare.

Le statistiche usano solo dati aggregati. Non si profilano le singole persone.

Le copie di sicurezza sono curate da ${backupOwners}. Redazione conserva i post, gli avvisi e le decisioni di moderazione. Ogni copia ha data e impronta digitale, per provare che non è cambiata. Sono documenti dell'attività ${g.of}, come chiede il Codice dell'amministrazione digitale. Una volta al mese si controlla che le copie si possano leggere.`,
  },
  {
    key: 'gruppo_lavoro',
    title: 'Il gruppo di lavoro',
    body: ({ g, groupMembers }) => `Il gruppo di lavoro unisce competenze diverse. Ne fanno parte ${groupMembers}.

Quando serve partecipano anche gli uffici legale, personale e informatica. Partecipa anche il responsabile della protezione dei dati.

Il gruppo si riunisce almeno una volta al mese. Prepara il piano editoriale. Controlla i risultati. Propone modifiche alle policy ${g.of}.`,
  },
  {
    key: 'desk',
    title: 'La redazione unica',
    body: ({ g, deskItems }) => `La comunicazione ${g.of} lavora come una redazione unica. Cinque gruppi, detti desk, condividono notizie, calendario e canali:
${items(deskItems)}

${DESK_TEXT.coordination}`,
  },
  {
    key: 'uso_personale',
    title: 'Uso personale dei social',
    body: ({ g }) => `Ogni dipendente può usare i social a titolo personale. Il codice di comportamento fissa però alcune regole. Sono negli articoli 11-bis e 11-ter del DPR 16 aprile 2013, n. 62, aggiunti dal DPR 13 giugno 2023, n. 81.

Le regole sono:
- usa gli account istituzionali solo per lavoro;
- sui tuoi profili fai in modo che le tue opinioni non siano attribuite ${g.to};
- non pubblicare commenti che danneggiano l'immagine ${g.of};
- non parlare di questioni d'ufficio in conversazioni pubbliche, se non per motivi istituzionali;
- non diffondere documenti o notizie d'ufficio non ancora pubblici;
- non usare il logo ${g.of} sui tuoi profili.

Puoi dire dove lavori. In quel caso, chiarisci che parli a titolo personale. Se vedi una notizia sbagliata sul tuo ufficio, avvisa la redazione. Non rispondere tu a nome ${g.of}.

Dal posto di lavoro usa i social secondo le regole sugli strumenti informatici. Chi non rispetta queste regole può avere conseguenze disciplinari.`,
  },
  {
    key: 'stile',
    title: 'Stile e linguaggio',
    body: ({ g }) => `Rispondiamo sempre a nome ${g.of}, mai a titolo personale. Il tono è cortese, calmo e diretto. Usiamo lo stesso stile su tutti i canali.

Quando scriviamo:
- usiamo frasi brevi e parole comuni;
- spieghiamo le sigle;
- diamo una sola informazione per messaggio;
- non usiamo ironia o toni polemici, anche davanti a una provocazione;
- usiamo poche emoji, mai al posto delle parole;
- mettiamo gli hashtag alla fine, con le iniziali maiuscole.

Redazione misura la leggibilità dei testi con l'indice Gulpease. Puntiamo ad almeno 60 punti.

Per le pratiche personali invitiamo a scrivere in privato o all'URP. Non chiediamo mai dati personali nei commenti. Moderiamo solo con le regole della policy esterna. Ogni decisione cita la regola applicata.

Se sbagliamo, correggiamo in modo visibile e chiediamo scusa.`,
  },
  {
    key: 'crisi',
    title: 'Comunicazione di crisi',
    body: ({ alertChannels }) => `Una crisi può nascere da un'emergenza, da un guasto, da un incidente o da una polemica. In quei momenti le persone cercano subito i nostri canali. Vogliono ascolto, certezze e risposte rapide.

Cosa facciamo:
- il Social Media Manager avvisa subito il responsabile della comunicazione;
- pubblichiamo solo notizie verificate, con la fonte;
- usiamo messaggi chiari e un tono calmo;
- diamo aggiornamenti a orari fissi, anche quando non ci sono novità;
- rilanciamo le allerte di protezione civile e IT-alert senza cambiarle;
${alertChannels ? `- per gli avvisi urgenti usiamo i canali più rapidi: ${alertChannels};\n` : ''}- rispondiamo alle notizie false con le fonti ufficiali.

Durante una crisi la moderazione continua anche fuori orario. Il Social Media Manager organizza i turni. Alla fine scriviamo una breve analisi di cosa ha funzionato.`,
  },
  {
    key: 'formazione',
    title: 'Formazione',
    body: ({ g }) => `Chi gestisce i canali segue una formazione continua. I temi sono la scrittura chiara, l'accessibilità, la privacy, la moderazione e la comunicazione di crisi.

Anche gli altri uffici ricevono indicazioni pratiche, perché lavorano con la redazione. Redazione spiega ogni avviso con la regola da cui nasce.

Ogni nuovo dipendente riceve le due policy ${g.of}. Almeno una volta all'anno c'è un incontro per tutto il personale coinvolto.`,
  },
  {
    key: 'normativa',
    title: 'Riferimenti normativi',
    body: ({ g }) => `Questa policy si basa su queste norme:
${lawsList()}

Si applica anche il codice di comportamento ${g.of}. La policy è adottata con un atto formale e viene aggiornata quando cambiano le esigenze o le piattaforme.`,
  },
];
