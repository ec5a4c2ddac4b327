/**
 * A fake of the WhatsApp Business Cloud API, following the documented shapes:
 * - "Cloud API – Messages" reference, https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * - "Cloud API – Send message templates", https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates
 * - "Cloud API – Error codes", https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 *   (Graph error object plus `error_data.details`)
 * - For the community inbox: "Cloud API – Send messages" (text messages with `context.message_id`,
 *   body at most 4,096 characters) and the customer service window (free-form messages only within
 *   24 hours of the customer's last message, else 131047)
 * - "Block users" (`POST /{phone-number-id}/block_users` with `messaging_product` and `block_users:
 *   [{user}]` → `block_users: {added_users, failed_users}`, errors per number; only users who wrote in
 *   the last 24 hours can be blocked). The per-user error's code and text here are the fake's own: the
 *   documentation states the 24-hour limit, not the wording of its error.
 * It checks `messaging_product`, the template shape and the bearer token; it knows which templates
 * are approved, which numbers can receive, and when each customer last wrote (`customerWrote`).
 */
import { bearer, type FakeServer, type Reply, startFake } from './kernel.ts';
import { GRAPH_PREFIX as P, graphError } from './facebook.ts';

export function waError(code: number, message: string, details: string, status = 400): Reply {
  const r = graphError(code, message, { status, type: 'OAuthException' });
  (r.body as { error: Record<string, unknown> }).error.error_data = { messaging_product: 'whatsapp', details };
  return r;
}

export const WA_ERRORS = {
  rateLimit: waError(130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'),
  spamRateLimit: waError(131048, '(#131048) Spam rate limit hit', 'Message failed to send because there are restrictions on how many messages can be sent from this phone number.'),
  window24h: waError(131047, '(#131047) Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'),
  undeliverable: waError(131026, '(#131026) Message Undeliverable', 'Unable to deliver message.'),
  templateMissing: waError(132001, '(#132001) Template name does not exist in the translation', 'template name (x) does not exist in it'),
  expiredToken: graphError(190, 'Error validating access token: Session has expired.', { subcode: 463, status: 401 }),
  blocked: graphError(368, 'Temporarily blocked for policies violations', { status: 403 }),
} satisfies Record<string, Reply>;

export interface WhatsappFake extends FakeServer {
  phoneNumberId: string;
  token: string;
  sent: Array<{ id: string; to: string; template: string; language: string; parameters: string[] }>;
  /** Numbers that are not on WhatsApp (answer 131026). */
  unreachable: Set<string>;
  /** Free-form text messages sent (replies in the customer service window). */
  texts: Array<{ id: string; to: string; body: string; contextId: string | null }>;
  /** Users (wa_id) blocked from writing to the number. */
  blocked: Set<string>;
  /** The customer (wa_id) wrote at `at`: the 24-hour customer service window opens. */
  customerWrote(waId: string, at?: Date): void;
}

export async function startWhatsappFake(opts: { phoneNumberId?: string; token?: string; templates?: string[] } = {}): Promise<WhatsappFake> {
  const phoneNumberId = opts.phoneNumberId ?? '106540352242922';
  const token = opts.token ?? 'EAAWhatsappToken';
  const templates = new Set((opts.templates ?? ['avviso_ente']).map((t) => `${t}/it`));
  const sent: WhatsappFake['sent'] = [];
  const unreachable = new Set<string>();
  const texts: WhatsappFake['texts'] = [];
  const wrote = new Map<string, Date>();
  const blocked = new Set<string>();
  let seq = 0;

  const server = await startFake({
    guard: (req) => (bearer(req) === token && req.path.startsWith(`${P}/`) ? undefined : graphError(190, 'Invalid OAuth access token', { status: 401 })),
    routes: [
      {
        method: 'POST',
        path: new RegExp(`^${P}/(${phoneNumberId})/messages$`),
        handle: (req) => {
          const b = (req.json ?? {}) as { messaging_product?: string; to?: string; type?: string; text?: { body?: string }; context?: { message_id?: string }; template?: { name?: string; language?: { code?: string }; components?: Array<{ type: string; parameters?: Array<{ type: string; text?: string }> }> } };
          if (b.messaging_product !== 'whatsapp') return waError(100, '(#100) The parameter messaging_product is required.', 'messaging_product must be whatsapp');
          if (b.type === 'text') {
            if (!/^[1-9]\d{6,14}$/.test(b.to ?? '')) return waError(100, '(#100) Invalid parameter', 'to must be a phone number');
            const body = b.text?.body ?? '';
            if (!body) return waError(100, '(#100) The parameter text[\'body\'] is required.', 'text.body is required');
            if ([...body].length > 4096) return waError(100, '(#100) Param text[\'body\'] must be at most 4096 characters long.', 'text.body too long');
            if (unreachable.has(b.to!)) return WA_ERRORS.undeliverable;
            const last = wrote.get(b.to!);
            if (!last || Date.now() - last.getTime() > 24 * 3600 * 1000) return WA_ERRORS.window24h;
            const id = `wamid.HBgM${String(++seq).padStart(6, '0')}`;
            texts.push({ id, to: b.to!, body, contextId: b.context?.message_id ?? null });
            return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id }] } };
          }
          if (b.type !== 'template' || !b.template?.name || !b.template.language?.code) return waError(100, '(#100) Invalid parameter', 'template.name and template.language.code are required');
          if (!/^[1-9]\d{6,14}$/.test(b.to ?? '')) return waError(100, '(#100) Invalid parameter', 'to must be a phone number');
          if (!templates.has(`${b.template.name}/${b.template.language.code}`)) return WA_ERRORS.templateMissing;
          const params = (b.template.components ?? []).find((c) => c.type === 'body')?.parameters ?? [];
          if (params.length !== 1) return waError(132000, '(#132000) Number of parameters does not match the expected number of params', 'body: number of localizable_params (1) does not match');
          if (params.some((p) => /[\n\t]| {5,}/.test(p.text ?? ''))) return waError(132018, '(#132018) There was an issue with the parameters in your template.', 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
          if (unreachable.has(b.to!)) return WA_ERRORS.undeliverable;
          const id = `wamid.HBgM${String(++seq).padStart(6, '0')}`;
          sent.push({ id, to: b.to!, template: b.template.name, language: b.template.language.code, parameters: params.map((p) => p.text ?? '') });
          return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id }] } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/(${phoneNumberId})/block_users$`),
        handle: (req) => {
          const b = (req.json ?? {}) as { messaging_product?: string; block_users?: Array<{ user?: string }> };
          if (b.messaging_product !== 'whatsapp') return waError(100, '(#100) The parameter messaging_product is required.', 'messaging_product must be whatsapp');
          if (!Array.isArray(b.block_users) || b.block_users.length === 0 || b.block_users.length > 1000) return waError(100, '(#100) Invalid parameter', 'block_users must list 1 to 1000 users');
          const added: Array<{ input: string; wa_id: string }> = [];
          const failed: Array<{ input: string; wa_id: string; errors: unknown[] }> = [];
          for (const { user = '' } of b.block_users) {
            const waId = user.replace(/^\+/, '');
            const last = wrote.get(waId);
            if (!last || Date.now() - last.getTime() > 24 * 3600 * 1000) {
              failed.push({ input: user, wa_id: waId, errors: [{ message: 'Failed to block user', code: 139100, error_data: { details: 'The user has not messaged the business in the last 24 hours.' } }] });
            } else {
              blocked.add(waId);
              added.push({ input: user, wa_id: waId });
            }
          }
          return { status: 200, body: { messaging_product: 'whatsapp', block_users: { added_users: added, ...(failed.length ? { failed_users: failed } : {}) } } };
        },
      },
      {
        method: 'GET',
        path: new RegExp(`^${P}/(${phoneNumberId})$`),
        handle: () => ({ status: 200, body: { id: phoneNumberId, display_phone_number: '+39 06 1234 5678', verified_name: 'Comune di Esempio' } }),
      },
    ],
  });
  return Object.assign(server, { phoneNumberId, token, sent, unreachable, texts, blocked, customerWrote: (waId: string, at = new Date()) => void wrote.set(waId, at) });
}
