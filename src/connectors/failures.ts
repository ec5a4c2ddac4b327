/**
 * Failure handling every HTTP connector needs, not only Meta's: an HTTP status with no more specific
 * error body, a call that got no answer at all, and text comparison for lookups. Shared by the
 * Meta, LinkedIn, X and YouTube connectors.
 */
import { ConnectorError, type ConnectorContext, kindOfStatus, retryAfterMs } from './contract.ts';

/** The fallback when a platform's error body says nothing more specific. */
export function byStatus(
  status: number,
  publishing: boolean,
  platform: string,
  details: { status?: number; platformCode?: string | number },
  said: string,
  headers: Headers,
  now: Date,
): ConnectorError {
  let kind = kindOfStatus(status);
  if (kind === 'unknown_outcome' && !publishing) kind = 'transient';
  switch (kind) {
    case 'auth_expired':
      return new ConnectorError(kind, { it: `${platform} non accetta più le credenziali: ricollega il canale dalla scheda Canali.`, en: `${platform} no longer accepts the credentials: reconnect the channel from the Channels tab.${said}` }, details);
    case 'disconnected':
      return new ConnectorError(kind, { it: `${platform} nega l’accesso all’account: verifica i permessi e ricollega il canale.`, en: `${platform} denies access to the account: check permissions and reconnect the channel.${said}` }, details);
    case 'rate_limited': {
      const wait = retryAfterMs(headers, now) ?? 15 * 60_000;
      return new ConnectorError(kind, { it: `${platform} ha limitato le richieste: riprovo tra ${Math.max(1, Math.ceil(wait / 60_000))} minuti.`, en: `${platform} is rate limiting: retrying in ${Math.max(1, Math.ceil(wait / 60_000))} minutes.${said}` }, { ...details, retryAfterMs: wait });
    }
    case 'media_rejected':
      return new ConnectorError(kind, { it: `${platform} ha rifiutato il file multimediale: sostituiscilo con uno di formato o dimensioni accettati.`, en: `${platform} refused the media file: replace it with one of an accepted format or size.${said}` }, details);
    case 'bad_request':
      return new ConnectorError(kind, { it: `${platform} ha rifiutato il contenuto: correggi il testo o gli allegati e riprova.`, en: `${platform} refused the content: fix the text or attachments and try again.${said}` }, details);
    case 'transient':
      return new ConnectorError(kind, { it: `${platform} non è raggiungibile o è sovraccarico: riprovo più tardi.`, en: `${platform} is unreachable or overloaded: retrying later.${said}` }, details);
    case 'unknown_outcome':
      return new ConnectorError(kind, { it: `${platform} ha risposto con un errore dopo aver ricevuto la pubblicazione: verifico se è uscita prima di riprovare.`, en: `${platform} answered with an error after receiving the publication: checking whether it went out before retrying.${said}` }, details);
  }
}

/**
 * A call that got no HTTP answer. Refused or unresolvable: nothing was sent (transient). Timeout or
 * connection dropped: on a call that can publish, the platform may have acted (unknown outcome).
 */
export function networkFailure(err: unknown, opts: { platform: string; mayHaveActed: boolean }): ConnectorError {
  const code = causeCode(err);
  const neverSent = code !== undefined && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code);
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  if (neverSent || !opts.mayHaveActed) {
    return new ConnectorError('transient', {
      it: `${opts.platform} non è raggiungibile${timedOut ? ' (tempo scaduto)' : ''}: riprovo più tardi.`,
      en: `${opts.platform} is unreachable${timedOut ? ' (timed out)' : ''}: retrying later.`,
    }, { platformCode: code });
  }
  return new ConnectorError('unknown_outcome', {
    it: `La connessione con ${opts.platform} si è interrotta${timedOut ? ' (tempo scaduto)' : ''} dopo l’invio: verifico se la pubblicazione è uscita prima di riprovare.`,
    en: `The connection to ${opts.platform} broke${timedOut ? ' (timed out)' : ''} after sending: checking whether the publication went out before retrying.`,
  }, { platformCode: code ?? (timedOut ? 'timeout' : undefined) });
}

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    const inner = (e as { cause?: unknown }).cause ?? (e as { errors?: unknown[] }).errors?.[0];
    e = inner;
  }
  return undefined;
}

/** Same text, ignoring surrounding blanks and line-ending differences. */
export function sameText(a: string | null | undefined, b: string): boolean {
  const n = (s: string) => s.replace(/\r\n/g, '\n').trim();
  return a != null && n(a) === n(b);
}

/** A value the channel's stored `account` must carry (page id, organisation id…). */
export function requireAccount(ctx: ConnectorContext, key: string, what: { it: string; en: string }): string {
  const v = ctx.credentials?.account?.[key]?.trim();
  if (!v) {
    throw new ConnectorError('disconnected', {
      it: `Il canale non è configurato: manca ${what.it} (${key}). Ricollega il canale dalla scheda Canali.`,
      en: `The channel is not configured: ${what.en} (${key}) is missing. Reconnect it from the Channels tab.`,
    });
  }
  return v;
}

/** The channel's access token, or `disconnected` when there is none. */
export function requireBearer(ctx: ConnectorContext, platform: string): string {
  const token = ctx.credentials?.accessToken;
  if (!token) {
    throw new ConnectorError('disconnected', {
      it: `Mancano le credenziali di ${platform}: collega il canale dalla scheda Canali.`,
      en: `No ${platform} credentials: connect the channel from the Channels tab.`,
    });
  }
  return token;
}

/** "Testo troppo lungo per X: accorcia di N caratteri", checked before any call. */
export function tooLong(platform: string, limit: number, length: number, what = { it: 'Testo', en: 'Text' }): ConnectorError {
  const over = length - limit;
  return new ConnectorError('bad_request', {
    it: `${what.it} troppo lungo per ${platform}: accorcia di ${over} caratteri (massimo ${limit}).`,
    en: `${what.en} too long for ${platform}: shorten it by ${over} characters (at most ${limit}).`,
  }, { platformCode: 'too_long' });
}

/** Minutes, rounded up, for explanations. */
export function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** One call that must get an HTTP answer: the response and its body text, or a `networkFailure`. */
export async function answered(
  ctx: ConnectorContext,
  platform: string,
  url: string,
  init: RequestInit & { timeoutMs?: number },
  publishing: boolean,
): Promise<{ res: Response; text: string }> {
  try {
    const res = await ctx.http.fetch(url, init);
    return { res, text: await res.text() };
  } catch (err) {
    throw networkFailure(err, { platform, mayHaveActed: publishing && (init.method ?? 'GET') !== 'GET' });
  }
}

/** Parses a JSON body, or an empty object. */
export function jsonOf<T>(text: string): T {
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    return {} as T;
  }
}

/** Milliseconds until the next midnight in a time zone (quotas that reset at local midnight). */
export function msUntilMidnight(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const elapsed = ((get('hour') % 24) * 3600 + get('minute') * 60 + get('second')) * 1000;
  return Math.max(60_000, 24 * 3600 * 1000 - elapsed);
}

/**
 * For the community inbox: a reply whose outcome is unknown cannot be looked up (no platform
 * offers it for comments and messages), so the office is told to check before replying again.
 * Any other error passes unchanged.
 */
export function unsureReply(err: unknown, platform: string): unknown {
  if (!(err instanceof ConnectorError) || err.kind !== 'unknown_outcome') return err;
  return new ConnectorError('unknown_outcome', {
    it: `Non è certo che la risposta sia stata pubblicata su ${platform}: controlla sulla piattaforma prima di riprovare, per non rispondere due volte.`,
    en: `It is not certain the reply was posted on ${platform}: check on the platform before trying again, so as not to reply twice.`,
  }, err.details);
}
