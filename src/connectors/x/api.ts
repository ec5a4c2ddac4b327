/**
 * X API v2 transport shared by publishing and the community inbox: base URL, bearer header, the
 * problem-details error body mapped to the connector taxonomy, and the weighted length of a post.
 * (Documentation pages are listed in `index.ts` and `interactions.ts`.)
 */
import { type ConnectorContext, ConnectorError, retryAfterMs } from '../contract.ts';
import { answered, byStatus, jsonOf, minutes, requireBearer } from '../failures.ts';

export const PLATFORM = 'X';
export const X_MAX_WEIGHT = 280;
export const DUPLICATE = /duplicate content/i;

export const base = (ctx: ConnectorContext) => (ctx.apiBase ?? 'https://api.x.com').replace(/\/+$/, '');
export const auth = (ctx: ConnectorContext) => ({ authorization: `Bearer ${requireBearer(ctx, PLATFORM)}` });

/** X's weighted length (twitter-text v3, simplified): URLs 23, Latin & common punctuation 1, else 2. */
export function weightedLength(text: string): number {
  let n = 0;
  const withoutUrls = text.replace(/https?:\/\/\S+/g, () => {
    n += 23;
    return '';
  });
  for (const ch of withoutUrls.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    n += light ? 1 : 2;
  }
  return n;
}

export function mapError(ctx: ConnectorContext, status: number, text: string, headers: Headers, publishing: boolean): ConnectorError {
  const e = jsonOf<{ title?: string; detail?: string; type?: string; errors?: Array<{ message?: string }> }>(text);
  const msg = e.detail ?? e.errors?.[0]?.message ?? e.title;
  const details = { status, platformCode: e.type ?? e.title };
  const said = msg ? ` (X: ${msg})` : '';
  if (status === 401) {
    return new ConnectorError('auth_expired', {
      it: 'Il token di X è scaduto o revocato: provo a rinnovarlo, altrimenti ricollega il canale dalla scheda Canali.',
      en: `The X token has expired or been revoked: trying to renew it, otherwise reconnect the channel from the Channels tab.${said}`,
    }, details);
  }
  if (status === 429) {
    const wait = retryAfterMs(headers, ctx.now()) ?? 15 * 60_000;
    return new ConnectorError('rate_limited', {
      it: `X ha limitato le richieste (rimanenti: ${headers.get('x-rate-limit-remaining') ?? '0'}): riprovo tra ${minutes(wait)} minuti.`,
      en: `X is rate limiting (remaining: ${headers.get('x-rate-limit-remaining') ?? '0'}): retrying in ${minutes(wait)} minutes.${said}`,
    }, { ...details, retryAfterMs: wait });
  }
  if (status === 403 && msg && DUPLICATE.test(msg)) {
    return new ConnectorError('bad_request', {
      it: 'X rifiuta il post perché identico a uno già pubblicato di recente: modifica il testo.',
      en: `X refuses the post as a duplicate of a recent one: change the text.${said}`,
    }, { ...details, platformCode: 'duplicate' });
  }
  if (status === 403) {
    return new ConnectorError('disconnected', {
      it: 'X nega il permesso di pubblicare (app senza permesso di scrittura, o account sospeso o bloccato): verifica l’account e ricollega il canale.',
      en: `X denies permission to post (app without write permission, or account suspended or locked): check the account and reconnect the channel.${said}`,
    }, details);
  }
  if (status === 400) {
    return new ConnectorError('bad_request', { it: `X ha rifiutato il post: ${msg ?? 'controlla testo e allegati'}.`, en: `X refused the post: fix the text or attachments.${said}` }, details);
  }
  return byStatus(status, publishing, PLATFORM, details, said, headers, ctx.now());
}

export async function call<T>(ctx: ConnectorContext, path: string, init: RequestInit, publishing = false): Promise<T> {
  const { res, text } = await answered(ctx, PLATFORM, `${base(ctx)}${path}`, init, publishing);
  if (!res.ok) throw mapError(ctx, res.status, text, res.headers, publishing);
  return jsonOf<T>(text);
}

export async function me(ctx: ConnectorContext): Promise<{ id: string; name?: string; username?: string }> {
  const res = await call<{ data?: { id: string; name?: string; username?: string } }>(ctx, '/2/users/me', { method: 'GET', headers: auth(ctx) });
  if (!res.data) throw new ConnectorError('transient', { it: 'X ha risposto in modo inatteso: riprovo.', en: 'X answered unexpectedly: retrying.' });
  return res.data;
}

