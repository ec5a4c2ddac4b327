/**
 * The WhatsApp Cloud API's errors mapped to the connector taxonomy, before the generic Graph
 * mapping ("Cloud API – Error codes", https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
import { ConnectorError } from '../contract.ts';
import { minutes } from '../failures.ts';
import type { GraphErrorBody, GraphSubject } from '../facebook_page/graph.ts';

export const SUBJECT: GraphSubject = { it: 'del numero WhatsApp', en: 'WhatsApp number' };
const THROTTLE_MS = 60_000;

export function waSpecific(e: GraphErrorBody, status: number): ConnectorError | undefined {
  const code = e.code;
  const details = { status, platformCode: code };
  switch (code) {
    case 130429:
    case 131048:
    case 131056:
    case 80007:
      return new ConnectorError('rate_limited', {
        it: `WhatsApp ha limitato l’invio di messaggi da questo numero: riprovo tra ${minutes(THROTTLE_MS)} minuti.`,
        en: `WhatsApp is limiting messages from this number: retrying in ${minutes(THROTTLE_MS)} minutes.`,
      }, { ...details, retryAfterMs: THROTTLE_MS });
    case 131047:
      return new ConnectorError('bad_request', {
        it: 'Sono passate più di 24 ore dall’ultimo messaggio del destinatario: si può scrivergli solo con un modello approvato.',
        en: 'More than 24 hours have passed since the recipient last wrote: only an approved template can be sent.',
      }, details);
    case 131026:
      return new ConnectorError('bad_request', {
        it: 'Il messaggio non è recapitabile a questo destinatario (numero non su WhatsApp, app non aggiornata o termini non accettati).',
        en: 'The message cannot be delivered to this recipient (number not on WhatsApp, outdated app or terms not accepted).',
      }, details);
    case 132000:
    case 132018:
      return new ConnectorError('bad_request', {
        it: 'Il testo non corrisponde ai parametri del modello WhatsApp approvato: verifica il modello configurato per il canale.',
        en: 'The text does not fit the parameters of the approved WhatsApp template: check the template configured for the channel.',
      }, details);
    case 132001:
      return new ConnectorError('bad_request', {
        it: 'Il modello WhatsApp configurato non esiste o non è approvato in italiano: verifica il nome del modello in WhatsApp Manager.',
        en: 'The configured WhatsApp template does not exist or is not approved in this language: check its name in WhatsApp Manager.',
      }, details);
    default:
      return undefined;
  }
}
