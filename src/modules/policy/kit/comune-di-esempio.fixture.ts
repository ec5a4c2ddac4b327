/**
 * A demo profile: the Comune di Esempio, with five channels, the five desks and a small staff.
 * Used by the kit's tests and usable as demo data.
 */
import type { EnteProfile } from './profile.types.ts';

export function comuneDiEsempio(): EnteProfile {
  return {
    ente: {
      name: 'Comune di Esempio',
      slug: 'comune-di-esempio',
      type: 'comune',
      website: 'https://www.comune.esempio.it',
      email: 'comunicazione@comune.esempio.it',
      pec: 'protocollo@pec.comune.esempio.it',
      phone: '0123 456789',
      address: 'Piazza del Municipio 1, 00000 Esempio',
    },
    channels: [
      {
        platform: 'facebook',
        name: 'Comune di Esempio',
        handle: 'comunediesempio',
        url: 'https://www.facebook.com/comunediesempio',
        purpose: 'notizie, avvisi e servizi per i cittadini',
        audience: 'cittadini e famiglie',
        ownerDesk: 'stampa',
        status: 'attivo',
      },
      {
        platform: 'instagram',
        name: 'Esempio Eventi',
        handle: '@esempio_eventi',
        url: 'https://www.instagram.com/esempio_eventi',
        purpose: 'eventi, cultura e vita della città',
        audience: 'giovani e visitatori',
        ownerDesk: 'campagne',
        status: 'attivo',
      },
      {
        platform: 'x',
        name: 'Comune di Esempio',
        handle: 'ComuneEsempio',
        url: 'https://x.com/ComuneEsempio',
        purpose: 'aggiornamenti in tempo reale su traffico ed emergenze',
        audience: 'cittadini e giornalisti',
        ownerDesk: 'stampa',
        status: 'attivo',
      },
      {
        platform: 'youtube',
        name: 'Comune di Esempio',
        handle: 'comunediesempio',
        url: 'https://www.youtube.com/@comunediesempio',
        purpose: 'video sui servizi e dirette del consiglio comunale',
        audience: 'cittadini',
        ownerDesk: 'partecipazione',
        status: 'attivo',
      },
      {
        platform: 'whatsapp',
        name: 'Esempio Avvisi',
        handle: 'esempioavvisi',
        url: 'https://whatsapp.com/channel/0029EsempioAvvisi',
        purpose: 'allerte di protezione civile e avvisi urgenti',
        audience: 'tutta la popolazione',
        ownerDesk: 'urp',
        status: 'attivo',
      },
      {
        platform: 'tiktok',
        name: 'Comune di Esempio',
        handle: 'comunediesempio',
        url: 'https://www.tiktok.com/@comunediesempio',
        purpose: 'brevi video per i ragazzi',
        audience: 'ragazzi',
        ownerDesk: 'campagne',
        status: 'in_apertura',
      },
    ],
    desks: [
      {
        key: 'urp',
        name: 'URP e contatti',
        lead: { name: 'Paola Neri', email: 'urp@comune.esempio.it' },
        members: [{ name: 'Luca Gallo', roles: ['redattore'] }],
      },
      {
        key: 'stampa',
        name: 'Ufficio stampa',
        lead: { name: 'Marco Rossi', email: 'stampa@comune.esempio.it' },
        members: [
          { name: 'Marco Rossi', roles: ['approvatore'] },
          { name: 'Sara Conti', roles: ['redattore'] },
        ],
      },
      {
        key: 'partecipazione',
        name: 'Partecipazione e qualità dei servizi',
        lead: { name: 'Giulia Bianchi' },
        members: [{ name: 'Giulia Bianchi', roles: ['redattore', 'osservatore'] }],
      },
      {
        key: 'campagne',
        name: 'Campagne ed eventi',
        lead: { name: 'Elena Costa' },
        members: [{ name: 'Davide Fontana', roles: ['redattore'] }],
      },
      {
        key: 'interna',
        name: 'Comunicazione interna',
        members: [{ name: 'Roberto Greco', roles: ['proponente'] }],
      },
    ],
    people: [
      { name: 'Anna Verdi', email: 'anna.verdi@comune.esempio.it', roles: ['social_media_manager', 'approvatore'] },
      { name: 'Marco Rossi', email: 'marco.rossi@comune.esempio.it', roles: ['approvatore'] },
      { name: 'Sara Conti', email: 'sara.conti@comune.esempio.it', roles: ['redattore'] },
      { name: 'Luca Gallo', email: 'luca.gallo@comune.esempio.it', roles: ['redattore'] },
      { name: 'Giulia Bianchi', email: 'giulia.bianchi@comune.esempio.it', roles: ['redattore', 'osservatore'] },
      { name: 'Davide Fontana', email: 'davide.fontana@comune.esempio.it', roles: ['redattore'] },
      { name: 'Roberto Greco', email: 'roberto.greco@comune.esempio.it', roles: ['proponente'] },
      { name: 'Franco Moretti', email: 'franco.moretti@comune.esempio.it', roles: ['amministratore'] },
    ],
    custody: [
      {
        channelName: 'Comune di Esempio',
        holders: ['Anna Verdi', 'Marco Rossi'],
        mayChange: ['Anna Verdi'],
        lastRotation: '2025-01-15',
      },
      { channelName: 'Esempio Eventi', holders: ['Davide Fontana', 'Anna Verdi'], mayChange: ['Anna Verdi'] },
      { channelName: 'Esempio Avvisi', holders: ['Paola Neri', 'Anna Verdi'], mayChange: ['Anna Verdi', 'Franco Moretti'] },
    ],
  };
}
