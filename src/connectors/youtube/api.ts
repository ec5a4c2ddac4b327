/**
 * YouTube Data API v3 transport shared by publishing and the community inbox: base URL, bearer
 * header, Google's error body mapped to the connector taxonomy, and the channel of the token.
 * (Documentation pages are listed in `index.ts` and `interactions.ts`.)
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import { answered, byStatus, jsonOf, minutes, msUntilMidnight, requireBearer } from '../failures.ts';

export const PLATFORM = 'YouTube';
export const apiBase = (ctx: ConnectorContext) => (ctx.apiBase ?? 'https://www.googleapis.com').replace(/\/+$/, '');
export const auth = (ctx: ConnectorContext) => ({ authorization: `Bearer ${requireBearer(ctx, PLATFORM)}` });

export function mapError(ctx: ConnectorContext, status: number, text: string, headers: Headers, publishing: boolean): ConnectorError {
  const e = jsonOf<{ error?: { message?: string; errors?: Array<{ reason?: string; domain?: string }> } }>(text).error;
  const reason = e?.errors?.[0]?.reason;
  const details = { status, platformCode: reason };
  const said = e?.message ? ` (YouTube: ${e.message})` : '';
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded' || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    const wait = reason === 'quotaExceeded' || reason === 'dailyLimitExceeded' ? msUntilMidnight(ctx.now(), 'America/Los_Angeles') : 60_000;
    return new ConnectorError('rate_limited', {
      it: `La quota giornaliera dell’API di YouTube è esaurita: riprovo dopo la mezzanotte del Pacifico, tra ${minutes(wait)} minuti.`,
      en: `The YouTube API daily quota is used up: retrying after midnight Pacific Time, in ${minutes(wait)} minutes.${said}`,
    }, { ...details, retryAfterMs: wait });
  }
  if (reason === 'uploadLimitExceeded') {
    const wait = 24 * 3600 * 1000;
    return new ConnectorError('rate_limited', {
      it: 'Il canale YouTube ha raggiunto il numero massimo di caricamenti nelle 24 ore: riprovo domani.',
      en: `The YouTube channel reached its maximum number of uploads in 24 hours: retrying tomorrow.${said}`,
    }, { ...details, retryAfterMs: wait });
  }
  if (status === 401 && reason === 'youtubeSignupRequired') {
    return new ConnectorError('disconnected', { it: 'L’account Google collegato non ha un canale YouTube: crealo e ricollega il canale.', en: `The connected Google account has no YouTube channel: create one and reconnect.${said}` }, details);
  }
  if (status === 401) {
    return new ConnectorError('auth_expired', {
      it: 'Il token di YouTube è scaduto o revocato: provo a rinnovarlo, altrimenti ricollega il canale dalla scheda Canali.',
      en: `The YouTube token has expired or been revoked: trying to renew it, otherwise reconnect the channel from the Channels tab.${said}`,
    }, details);
  }
  if (reason === 'invalidTitle' || reason === 'invalidDescription' || reason === 'invalidTags') {
    return new ConnectorError('bad_request', { it: 'YouTube ha rifiutato titolo o descrizione (caratteri < e > non ammessi, o troppo lunghi): correggili.', en: `YouTube refused the title or description (no < or >, or too long): fix them.${said}` }, details);
  }
  if (status === 403) {
    return new ConnectorError('disconnected', { it: 'YouTube nega il permesso di caricare video su questo canale: verifica l’account e ricollega il canale.', en: `YouTube denies permission to upload to this channel: check the account and reconnect the channel.${said}` }, details);
  }
  return byStatus(status, publishing, PLATFORM, details, said, headers, ctx.now());
}

export async function call<T>(ctx: ConnectorContext, url: string, init: RequestInit, publishing = false): Promise<{ body: T; res: Response }> {
  const { res, text } = await answered(ctx, PLATFORM, url, init, publishing);
  if (!res.ok) throw mapError(ctx, res.status, text, res.headers, publishing);
  return { body: jsonOf<T>(text), res };
}

export async function myChannel(ctx: ConnectorContext): Promise<{ id: string; snippet?: { title?: string; customUrl?: string }; contentDetails?: { relatedPlaylists?: { uploads?: string } } }> {
  const { body } = await call<{ items?: Array<{ id: string; snippet?: { title?: string; customUrl?: string }; contentDetails?: { relatedPlaylists?: { uploads?: string } } }> }>(
    ctx,
    `${apiBase(ctx)}/youtube/v3/channels?part=snippet,contentDetails&mine=true`,
    { method: 'GET', headers: auth(ctx) },
  );
  const ch = body.items?.[0];
  if (!ch) throw new ConnectorError('disconnected', { it: 'L’account Google collegato non ha un canale YouTube: crealo e ricollega il canale.', en: 'The connected Google account has no YouTube channel: create one and reconnect.' });
  return ch;
}

