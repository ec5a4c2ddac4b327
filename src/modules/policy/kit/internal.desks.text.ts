/**
 * The five desks of the redazione unica (#PASocial model): what each does, in Italian.
 */
import type { DeskKey } from './profile.types.ts';

export const DESK_TEXT: {
  names: Record<DeskKey, string>;
  tasks: Record<DeskKey, string>;
  coordination: string;
  missing: string;
} = {
  names: {
    urp: 'URP e contatti',
    stampa: 'Stampa e notizie',
    partecipazione: 'Partecipazione',
    campagne: 'Campagne ed eventi',
    interna: 'Comunicazione interna',
  },
  tasks: {
    urp: 'risponde al pubblico e gestisce le richieste di accesso civico',
    stampa: 'scrive le notizie e cura i rapporti con i giornalisti',
    partecipazione: 'ascolta i cittadini, misura la qualità dei servizi e cura la partecipazione',
    campagne: 'prepara le campagne di comunicazione e gli eventi',
    interna: 'fa circolare le informazioni tra gli uffici',
  },
  coordination:
    'Il Social Media Manager coordina il lavoro social dei cinque desk. I desk si scambiano notizie ogni giorno. Così lo stesso tema arriva su tutti i canali in modo coerente.',
  missing: 'non ancora attivo: per ora se ne occupa il Social Media Manager',
};
