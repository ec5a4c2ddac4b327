/**
 * Calls to the Telegram Bot API, shared by publishing and the inbox's interactions:
 *   https://core.telegram.org/bots/api#making-requests      (JSON answers: ok, result, error_code, description, parameters)
 *   https://core.telegram.org/bots/api#responseparameters   (parameters.retry_after on 429)
 */
import { ConnectorError, kindOfStatus, type ConnectorContext } from '../contract.ts';
import { networkFailure } from '../failures.ts';

const API = 'https://api.telegram.org';

interface TgAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: { id: number; username?: string };
}

export function token(ctx: ConnectorContext): string {
  const t = ctx.credentials?.accessToken;
  if (!t) throw new ConnectorError('disconnected', { it: 'Il canale Telegram non ha il token del bot: collegalo.', en: 'The Telegram channel has no bot token: connect it.' });
  return t;
}

export interface CallOptions {
  /** What to tell the office when the call fails, instead of the generic text. */
  explain?: (kind: ConnectorError['kind'], description: string) => { it: string; en: string } | null;
}

/** One Bot API method; failures become the connector taxonomy. */
export async function call<T>(ctx: ConnectorContext, method: string, body: Record<string, unknown> | FormData, opts: CallOptions = {}): Promise<T> {
  const url = `${ctx.apiBase ?? API}/bot${token(ctx)}/${method}`;
  let res: Response;
  try {
    res = await ctx.http.fetch(url, body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    const failure = networkFailure(e, { platform: 'Telegram', mayHaveActed: true });
    throw new ConnectorError(failure.kind, opts.explain?.(failure.kind, 'no answer') ?? failure.explanation, failure.details);
  }
  let answer: TgAnswer<T> | null = null;
  try {
    answer = (await res.json()) as TgAnswer<T>;
  } catch {
    /* not JSON: judged by the status below */
  }
  if (res.ok && answer?.ok && answer.result !== undefined) return answer.result;
  const status = answer?.error_code ?? res.status;
  const description = answer?.description ?? `HTTP ${res.status}`;
  let kind = kindOfStatus(status);
  if (status === 400 && /chat not found|bot is not a member|have no rights/i.test(description)) kind = 'disconnected';
  const retryAfter = answer?.parameters?.retry_after;
  throw new ConnectorError(kind, opts.explain?.(kind, description) ?? explain(kind, description), { status, platformCode: status, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}) });
}

function explain(kind: ConnectorError['kind'], description: string): { it: string; en: string } {
  switch (kind) {
    case 'rate_limited':
      return { it: `Telegram chiede di rallentare (${description}).`, en: `Telegram asks to slow down (${description}).` };
    case 'auth_expired':
      return { it: `Il token del bot non è più valido (${description}): crea un nuovo token con @BotFather e ricollega il canale.`, en: `The bot token is no longer valid (${description}): create a new one with @BotFather and reconnect.` };
    case 'disconnected':
      return { it: `Il bot non può scrivere nel canale (${description}): aggiungilo come amministratore del canale.`, en: `The bot cannot post to the channel (${description}): add it as a channel administrator.` };
    case 'bad_request':
      return { it: `Telegram ha rifiutato il messaggio (${description}).`, en: `Telegram refused the message (${description}).` };
    default:
      return { it: `Errore di Telegram (${description}).`, en: `Telegram error (${description}).` };
  }
}
