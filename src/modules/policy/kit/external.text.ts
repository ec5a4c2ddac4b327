/**
 * The external social media policy (for citizens): Italian template text written for Redazione.
 * Short sentences on purpose: every section must score at least 50 on the Gulpease index.
 * Values from the profile arrive already escaped (see external.fns.ts).
 */
import type { EnteType } from './profile.types.ts';
import type { EnteGrammar } from './ente.fns.ts';
import { lawsList } from './laws.text.ts';

/** What the template needs, prepared from the Ente's profile. */
export interface ExternalView {
  g: EnteGrammar;
  type: EnteType;
  /** Markdown-light list items, one per official channel, without the leading "- ". */
  channelItems: string[];
  /** Link to the website, when known. */
  website?: string;
  scheduleLines: string[];
  closures: string;
  responseTime: string;
  hideOffHours: boolean;
  /** "Anna Verdi" etc.: the Social Media Managers. */
  managers: string[];
  /** List items "Ufficio stampa: responsabile Mario Rossi." */
  deskItems: string[];
  /** List items "Email: [..](mailto:..)." */
  contactItems: string[];
  /** Where to write, with its preposition: "a [email](mailto:…)" or "all'ufficio comunicazione …". */
  appealContact: string;
}

export interface SectionTemplate<V> {
  key: string;
  title: string;
  body: (v: V) => string;
}

const TOPICS: Record<EnteType, string[]> = {
  comune: [
    'servizi comunali, anagrafe e tributi',
    'scuola, servizi sociali e cultura',
    'lavori pubblici, traffico e mobilità',
    'ambiente e raccolta dei rifiuti',
  ],
  provincia: [
    'strade provinciali e viabilità',
    'edifici delle scuole superiori',
    'ambiente e territorio',
    'servizi ai Comuni del territorio',
  ],
  regione: [
    'sanità e servizi sociali',
    'trasporti e mobilità',
    'fondi europei, bandi e contributi',
    'ambiente, turismo e cultura',
  ],
  camera_di_commercio: [
    'registro delle imprese e servizi digitali',
    'bandi e contributi per le imprese',
    'formazione e orientamento al lavoro',
    "dati sull'economia del territorio",
  ],
  agenzia: ['attività e controlli di competenza', 'servizi agli utenti', 'dati, studi e rapporti', 'scadenze e avvisi'],
  ministero: [
    'norme e misure di competenza',
    'servizi per cittadini e imprese',
    'bandi e opportunità',
    'campagne e iniziative nazionali',
  ],
  altro: ['attività e servizi', 'bandi e avvisi', 'iniziative ed eventi', 'dati e rapporti'],
};

const HAS_CIVIL_PROTECTION: ReadonlySet<EnteType> = new Set(['comune', 'provincia', 'regione']);

/** Renders list items, ending the last one with a full stop instead of a semicolon. */
export const items = (xs: string[]): string =>
  xs.map((x, i) => `- ${i === xs.length - 1 ? x.replace(/;$/, '.') : x}`).join('\n');

export const EXTERNAL_TITLE = 'Social media policy esterna';

/** The external sections, in order. The moderation clauses follow the 'moderazione' body. */
export const EXTERNAL_SECTIONS: readonly SectionTemplate<ExternalView>[] = [
  {
    key: 'finalita',
    title: 'Perché siamo sui social',
    body: ({ g }) => `${g.TheName} usa i social media per informare e per ascoltare. Vuole farlo in modo semplice, rapido e trasparente.

I nostri obiettivi sono:
- dare notizie utili sulle attività e sui servizi ${g.of};
- spiegare regole, scadenze e opportunità;
- aiutare le persone a usare i servizi, anche online;
- raccogliere domande, idee e segnalazioni;
- avvisare in fretta in caso di emergenza.

È una comunicazione istituzionale, regolata dalla legge 7 giugno 2000, n. 150. Per questo i nostri profili sono imparziali. Non ospitano la comunicazione politica degli amministratori o dei partiti.

I social non sostituiscono i canali formali. Domande, istanze e reclami passano dal sito e dagli uffici, come prevede il Codice dell'amministrazione digitale.`,
  },
  {
    key: 'canali',
    title: 'I nostri account ufficiali',
    body: ({ g, channelItems, website }) => `Questi sono gli account ufficiali ${g.ofName}. Ogni profilo lo dice nella sua descrizione. Ogni profilo porta a questa policy.

${channelItems.length > 0 ? items(channelItems) : '- Nessun account è attivo in questo momento.'}

${website ? `Il sito ${website} resta il riferimento principale. Lì trovi atti, servizi e contatti.` : 'Il sito istituzionale resta il riferimento principale. Lì trovi atti, servizi e contatti.'}

Un profilo che usa il nostro nome o il nostro logo, ma non è in questo elenco, non è nostro. Se lo trovi, avvisaci.`,
  },
  {
    key: 'contenuti',
    title: 'Che cosa pubblichiamo',
    body: ({ g, type }) => `Pubblichiamo notizie e informazioni di interesse pubblico. Parliamo di questi temi:
${items([...TOPICS[type], 'eventi e iniziative', HAS_CIVIL_PROTECTION.has(type) ? 'allerte meteo e avvisi di protezione civile' : 'avvisi urgenti'].map((t) => `${t};`))}

A volte condividiamo i contenuti di altri enti pubblici, se sono utili. Gli atti ufficiali restano sul sito ${g.of} e nell'albo online.

Vogliamo contenuti accessibili a tutti, come chiede la legge 9 gennaio 2004, n. 4. Ogni immagine ha un testo alternativo. I video hanno i sottotitoli. Gli hashtag hanno le iniziali maiuscole, per esempio #RaccoltaDifferenziata.

Anche tu puoi proporre un tema. Le segnalazioni ci aiutano a migliorare i servizi.`,
  },
  {
    key: 'comportamenti',
    title: 'Come partecipare',
    body: ({ g }) => `I nostri spazi sono aperti a tutti. Chiediamo rispetto per le persone e per le loro idee. Le critiche sono benvenute, se sono civili.

Per una buona discussione:
- resta sul tema del post;
- scrivi in modo chiaro, senza offendere;
- non scrivere tutto in maiuscolo;
- non pubblicare dati personali, tuoi o di altri;
- cita la fonte delle notizie che riporti.

La lingua dei nostri canali è l'italiano. Accettiamo commenti anche in altre lingue, se rispettano queste regole.

Ogni commento esprime l'opinione di chi lo scrive. Non esprime la posizione ${g.of}. Chi commenta risponde di quello che scrive.`,
  },
  {
    key: 'moderazione',
    title: 'Moderazione: le regole',
    body: ({ appealContact }) => `Moderiamo commenti e messaggi per tenere la discussione utile e civile. Ogni decisione si basa su una delle regole numerate qui sotto.

Le azioni possibili sono tre:
- nascondere il commento: su Facebook lo vedono ancora chi lo ha scritto e i suoi amici;
- far leggere il commento a una persona dello staff, che decide;
- cancellare il commento.

Chi viola le regole più volte riceve prima un avviso. Se continua, può essere bloccato. Il blocco è l'ultima misura.

Le piattaforme hanno filtri automatici. Li usiamo solo come primo aiuto. Decide sempre una persona.

Pensi che un tuo commento sia stato tolto per errore? Scrivi ${appealContact}. Ti rispondiamo nei tempi indicati in questa policy.`,
  },
  {
    key: 'orari',
    title: 'Orari e tempi di risposta',
    body: ({ scheduleLines, closures, responseTime, hideOffHours }) => `Siamo presenti e moderiamo i canali in questi orari:
${scheduleLines.length > 0 ? items(scheduleLines.map((l) => `${l};`)) : '- su appuntamento, secondo gli avvisi pubblicati.'}

${closures}

${hideOffHours ? 'Fuori orario un commento da controllare resta nascosto. Lo leggiamo appena possibile.' : 'Fuori orario i commenti restano visibili. Li leggiamo al rientro.'}

Rispondiamo alle domande ${responseTime}. Le questioni personali le trattiamo in privato. A volte ti indichiamo l'ufficio giusto.

I social non servono per le emergenze. In caso di pericolo chiama il 112.`,
  },
  {
    key: 'copyright',
    title: "Diritto d'autore e uso del logo",
    body: ({ g, appealContact }) => `Testi, foto e video che pubblichiamo sono ${g.of}, salvo diversa indicazione. Puoi condividerli. Cita la fonte e non cambiarne il senso.

I contenuti di altri autori che condividiamo restano dei loro autori. Il diritto d'autore è tutelato dalla legge 22 aprile 1941, n. 633.

Il nome e il logo ${g.of} sono segni ufficiali. Per usarli serve un permesso. Non si possono usare per far credere che un'iniziativa sia nostra o abbia il nostro sostegno. Per chiedere il permesso scrivi ${appealContact}.`,
  },
  {
    key: 'gestione',
    title: 'Chi gestisce i canali',
    body: ({ g, managers, deskItems, contactItems }) => `I canali sono gestiti dalla redazione ${g.ofName}. ${managers.length > 0 ? `Il lavoro è coordinato da ${managers.join(', ')}, Social Media Manager.` : 'Il lavoro è coordinato dal Social Media Manager.'}

La redazione è divisa in gruppi di lavoro:
${deskItems.length > 0 ? items(deskItems) : '- la redazione lavora come un solo gruppo.'}

Lo staff segue la policy interna e il codice di comportamento dei dipendenti pubblici.

Per contattarci:
${items(contactItems)}`,
  },
  {
    key: 'privacy',
    title: 'Privacy e dati personali',
    body: ({ g }) => `Quando scrivi sui nostri profili, i tuoi dati sono trattati anche dalla piattaforma. Ogni piattaforma ha la sua informativa. Ti invitiamo a leggerla.

Chi gestisce una pagina è contitolare dei dati con la piattaforma. Lo ha deciso la Corte di giustizia dell'Unione europea nella causa C-210/16. Per questo ${g.the} tratta i dati con cura. Li usa solo per gli scopi di questa policy.

Seguiamo il Regolamento (UE) 2016/679 (GDPR) e il decreto legislativo 30 giugno 2003, n. 196. Raccogliamo solo i dati che servono. Non li diffondiamo. Teniamo traccia delle decisioni di moderazione, per poterle spiegare.

Se nascondiamo un commento su Facebook, tu e i tuoi amici lo vedete ancora. Gli altri no. Un commento con dati personali lo cancelliamo.

Il titolare dei dati è ${g.theName}. Puoi esercitare i tuoi diritti con i contatti di questa policy. Puoi anche rivolgerti al Garante per la protezione dei dati personali.`,
  },
  {
    key: 'normativa',
    title: 'Riferimenti normativi',
    body: ({ g }) => `Questa policy si basa su queste norme:
${lawsList()}

La policy è adottata con un atto formale e pubblicata sul sito. ${g.The} la aggiorna quando cambiano le sue esigenze o le regole delle piattaforme.`,
  },
];
