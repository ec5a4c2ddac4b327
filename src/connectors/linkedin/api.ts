/**
 * LinkedIn's versioned REST transport shared by publishing and the community inbox: base URL, the
 * version and Rest.li headers, the organisation URN, and LinkedIn's error body mapped to the
 * connector taxonomy. (Documentation pages are listed in `index.ts` and `interactions.ts`.)
 */
import { type ConnectorContext, ConnectorError, retryAfterMs } from '../contract.ts';
import { answered, byStatus, jsonOf, minutes, msUntilMidnight, requireAccount, requireBearer } from '../failures.ts';

export const LINKEDIN_VERSION = '202410';
export const PLATFORM = 'LinkedIn';

export interface LinkedInError {
  status?: number;
  serviceErrorCode?: number;
  code?: string;
  message?: string;
}

export const apiBase = (ctx: ConnectorContext) => (ctx.apiBase ?? 'https://api.linkedin.com').replace(/\/+$/, '');
export const orgUrn = (ctx: ConnectorContext) => `urn:li:organization:${requireAccount(ctx, 'organizationId', { it: 'l’identificativo dell’organizzazione LinkedIn', en: 'the LinkedIn organization id' })}`;

export function headers(ctx: ConnectorContext, extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${requireBearer(ctx, PLATFORM)}`,
    'linkedin-version': LINKEDIN_VERSION,
    'x-restli-protocol-version': '2.0.0',
    ...extra,
  };
}

export function mapError(ctx: ConnectorContext, status: number, text: string, resHeaders: Headers, publishing: boolean): ConnectorError {
  const e = jsonOf<LinkedInError>(text);
  const details = { status, platformCode: e.code ?? e.serviceErrorCode };
  const said = e.message ? ` (LinkedIn: ${e.message})` : '';
  if (status === 401) {
    return new ConnectorError('auth_expired', {
      it: 'Il token di LinkedIn è scaduto o revocato: provo a rinnovarlo, altrimenti ricollega il canale dalla scheda Canali.',
      en: `The LinkedIn token has expired or been revoked: trying to renew it, otherwise reconnect the channel from the Channels tab.${said}`,
    }, details);
  }
  if (status === 429) {
    const wait = retryAfterMs(resHeaders, ctx.now()) ?? msUntilMidnight(ctx.now(), 'UTC');
    return new ConnectorError('rate_limited', {
      it: `LinkedIn ha raggiunto il limite giornaliero di richieste: riprovo tra ${minutes(wait)} minuti.`,
      en: `LinkedIn's daily request limit was reached: retrying in ${minutes(wait)} minutes.${said}`,
    }, { ...details, retryAfterMs: wait });
  }
  if (status === 403) {
    return new ConnectorError('disconnected', {
      it: 'LinkedIn nega il permesso di pubblicare per l’organizzazione: verifica che l’account collegato sia amministratore della Pagina e ricollega il canale.',
      en: `LinkedIn denies permission to post for the organization: check the connected account is an admin of the Page and reconnect the channel.${said}`,
    }, details);
  }
  if (status === 400 || status === 422) {
    return new ConnectorError('bad_request', {
      it: `LinkedIn ha rifiutato il post: ${e.message ?? 'controlla testo e allegati'}.`,
      en: `LinkedIn refused the post: fix the text or attachments.${said}`,
    }, details);
  }
  return byStatus(status, publishing, PLATFORM, details, said, resHeaders, ctx.now());
}

export async function call<T>(ctx: ConnectorContext, path: string, init: RequestInit, publishing = false): Promise<{ body: T; headers: Headers; status: number }> {
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}${path}`, init, publishing);
  if (!res.ok) throw mapError(ctx, res.status, text, res.headers, publishing);
  return { body: jsonOf<T>(text), headers: res.headers, status: res.status };
}

