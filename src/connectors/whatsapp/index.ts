/**
 * WhatsApp connector: the WhatsApp Business Cloud API (Graph API, version pinned in
 * `../facebook_page/graph.ts`). A channel "publication" sends an approved template to every
 * recipient who opted in; `sendTemplate` is the single-recipient call the broadcast feature reuses.
 *
 * Follows:
 * - "Cloud API – Send messages" / "Messages" reference, https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 *   (`POST /{phone-number-id}/messages` with `messaging_product: "whatsapp"`, `recipient_type:
 *   "individual"`, `to`, `type: "template"`, `template: {name, language: {code}, components:
 *   [{type: "body", parameters: [{type: "text", text}]}]}`; answer `{messaging_product, contacts:
 *   [{input, wa_id}], messages: [{id}]}`)
 * - "Cloud API – Message templates", https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates
 *   (templates are the only messages allowed outside the 24-hour customer service window)
 * - "Cloud API – Error codes", https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 *   (130429 throughput limit, 131048 spam rate limit, 131056 pair rate limit, 131047 re-engagement
 *   (24-hour window), 131026 message undeliverable, 132000 parameter count mismatch, 132001 template
 *   missing, 132018 parameter text with new lines, 368 policy block, 190 token)
 * - "Phone number" reference (`GET /{phone-number-id}?fields=display_phone_number,verified_name`)
 *
 * Credentials: `accessToken` (a System User token with whatsapp_business_messaging),
 * `account.phoneNumberId`, `account.templateName` (an approved template whose body has one
 * parameter: the text), optional `account.templateLanguage` (default `it`), and
 * `account.recipients`: the opted-in numbers, comma-separated, E.164.
 * Template parameters cannot contain line breaks, tabs or more than four spaces in a row (132018),
 * so the text is sent with its whitespace collapsed.
 * A broadcast is not atomic: recipients who cannot receive (131026, 131047) are skipped and
 * reported; any other failure after at least one message went out is an `unknown_outcome`, because
 * a retry would message again those already reached and nothing can be looked up (lookup = false:
 * the queue stops and asks a person). Sent messages cannot be deleted (delete = false).
 * Community inbox: replies to citizens' messages (inside the 24-hour window) are in `interactions.ts`;
 * the Cloud API's errors are mapped in `errors.ts`.
 */
import { type AccountIdentity, type Connector, type ConnectorContext, ConnectorError, type PublishRequest, type PublishResult } from '../contract.ts';
import { tooLong } from '../failures.ts';
import { graph, requireAccount } from '../facebook_page/graph.ts';
import { SUBJECT, waSpecific } from './errors.ts';
import { whatsappInteractions } from './interactions.ts';

/** Characters of a template body parameter. */
export const WHATSAPP_MAX_PARAMETER = 1024;

export interface TemplateMessage {
  name: string;
  /** Language code of the approved template; `it` when omitted. */
  language?: string;
  /** Body parameters, in order ({{1}}, {{2}}…). */
  bodyParameters: string[];
}

export interface SentMessage {
  messageId: string;
  waId: string | null;
}

/** Per-recipient failures: the message cannot reach this person, the others are unaffected. */
const RECIPIENT_CODES = new Set([131026, 131047, 131021]);

/** Sends one approved template to one opted-in number (E.164). */
export async function sendTemplate(ctx: ConnectorContext, to: string, template: TemplateMessage): Promise<SentMessage> {
  const phoneNumberId = requireAccount(ctx, 'phoneNumberId', { it: 'l’identificativo del numero WhatsApp', en: 'the WhatsApp phone number id' });
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: to.replace(/^\+/, ''),
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language ?? 'it' },
      components: template.bodyParameters.length ? [{ type: 'body', parameters: template.bodyParameters.map((text) => ({ type: 'text', text })) }] : [],
    },
  };
  const res = await graph<{ contacts?: Array<{ wa_id?: string }>; messages?: Array<{ id: string }> }>(ctx, SUBJECT, {
    method: 'POST',
    path: `${phoneNumberId}/messages`,
    json: body,
    publishing: true,
    specific: waSpecific,
  });
  const id = res.messages?.[0]?.id;
  if (!id) {
    throw new ConnectorError('unknown_outcome', { it: 'WhatsApp ha risposto senza l’identificativo del messaggio.', en: 'WhatsApp answered without a message id.' });
  }
  return { messageId: id, waId: res.contacts?.[0]?.wa_id ?? null };
}

/** Opted-in recipients from the channel's `account.recipients`. */
export function parseRecipients(list: string | undefined): { valid: string[]; invalid: string[] } {
  const items = (list ?? '').split(',').map((s) => s.replace(/[\s.-]/g, '')).filter(Boolean);
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const n of new Set(items)) (/^\+[1-9]\d{6,14}$/.test(n) ? valid : invalid).push(n);
  return { valid, invalid };
}

async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
  const name = requireAccount(ctx, 'templateName', { it: 'il nome del modello WhatsApp approvato', en: 'the approved WhatsApp template name' });
  const { valid, invalid } = parseRecipients(ctx.credentials?.account?.recipients);
  if (invalid.length) {
    throw new ConnectorError('bad_request', {
      it: `Numeri non validi nell’elenco dei destinatari (formato internazionale, es. +39…): ${invalid.join(', ')}.`,
      en: `Invalid numbers in the recipient list (international format, e.g. +39…): ${invalid.join(', ')}.`,
    });
  }
  if (valid.length === 0) {
    throw new ConnectorError('bad_request', {
      it: 'Nessun destinatario iscritto al canale WhatsApp: non c’è nessuno a cui inviare.',
      en: 'No opted-in recipients on the WhatsApp channel: there is nobody to send to.',
    });
  }
  const text = [req.text, req.link].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  if (text.length > WHATSAPP_MAX_PARAMETER) throw tooLong('WhatsApp', WHATSAPP_MAX_PARAMETER, text.length);
  const template: TemplateMessage = { name, language: ctx.credentials?.account?.templateLanguage || 'it', bodyParameters: [text] };

  const sent: SentMessage[] = [];
  const skipped: Array<{ to: string; code: string | number | undefined }> = [];
  for (const to of valid) {
    try {
      sent.push(await sendTemplate(ctx, to, template));
    } catch (err) {
      if (err instanceof ConnectorError && typeof err.details.platformCode === 'number' && RECIPIENT_CODES.has(err.details.platformCode)) {
        skipped.push({ to, code: err.details.platformCode });
        continue;
      }
      if (sent.length === 0 || !(err instanceof ConnectorError)) throw err;
      throw new ConnectorError('unknown_outcome', {
        it: `Invio interrotto: il messaggio è arrivato a ${sent.length} destinatari su ${valid.length}, poi: ${err.explanation.it} Non riprovo da solo per non inviarlo due volte: verifica e decidi tu.`,
        en: `Sending stopped: the message reached ${sent.length} of ${valid.length} recipients, then: ${err.explanation.en} Not retrying on my own so nobody gets it twice: check and decide.`,
      }, { ...err.details, platformCode: `partial:${sent.length}/${valid.length}` });
    }
  }
  if (sent.length === 0) {
    throw new ConnectorError('bad_request', {
      it: `Nessun destinatario ha potuto ricevere il messaggio (${skipped.map((s) => `${s.to}: ${s.code}`).join(', ')}).`,
      en: `No recipient could receive the message (${skipped.map((s) => `${s.to}: ${s.code}`).join(', ')}).`,
    }, { platformCode: 'no_recipient_reached' });
  }
  // The first message stands for the broadcast; the others share its content.
  return { platformId: sent[0]!.messageId, url: null, publishedAt: ctx.now() };
}

async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
  const id = requireAccount(ctx, 'phoneNumberId', { it: 'l’identificativo del numero WhatsApp', en: 'the WhatsApp phone number id' });
  const r = await graph<{ id: string; display_phone_number?: string; verified_name?: string }>(ctx, SUBJECT, {
    method: 'GET',
    path: id,
    query: { fields: 'display_phone_number,verified_name' },
  });
  return { id: r.id, handle: r.display_phone_number ?? r.id, name: r.verified_name ?? r.display_phone_number ?? r.id, url: null };
}

export const whatsappConnector: Connector & typeof whatsappInteractions = {
  platform: 'whatsapp',
  capabilities: { media: false, altText: false, delete: false, lookup: false, refresh: false },
  // Cloud API throughput is 80 messages/s per number by default; one "publication" is a broadcast.
  rateLimits: { perChannel: { requests: 10, perMs: 60 * 60 * 1000 } },
  identity,
  publish,
  async lookup() {
    // Sent messages cannot be listed through the Cloud API. Answering null would mean "nothing went
    // out" and allow a second send: refuse instead, so a person checks.
    throw new ConnectorError('unknown_outcome', {
      it: 'WhatsApp non permette di verificare quali messaggi sono stati inviati: controlla con i destinatari prima di inviare di nuovo.',
      en: 'WhatsApp offers no way to check which messages were sent: check with the recipients before sending again.',
    }, { platformCode: 'lookup_unsupported' });
  },
  async delete() {
    throw new ConnectorError('bad_request', {
      it: 'WhatsApp non consente di eliminare i messaggi inviati tramite API.',
      en: 'WhatsApp does not allow deleting sent messages through its API.',
    }, { platformCode: 'delete_unsupported' });
  },
  ...whatsappInteractions,
};
