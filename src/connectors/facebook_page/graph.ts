/**
 * The Meta Graph API transport shared by the Facebook Page, Instagram and WhatsApp connectors:
 * one pinned version, the Page/User/System-User token as a bearer header (never in the URL, so it
 * stays out of logs), and Graph's error object mapped to the connector failure taxonomy.
 *
 * Follows:
 * - "Graph API – Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling
 *   (error object `{error:{message,type,code,error_subcode,error_user_msg,fbtrace_id}}`; codes
 *   1/2 temporary, 4/17/32/613 throttling, 10 and 200-299 permissions, 100 invalid parameter,
 *   190/102 access token, 368 temporarily blocked for policy violations)
 * - "Graph API – Rate Limiting", https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 *   (headers `X-App-Usage` and `X-Business-Use-Case-Usage` with `estimated_time_to_regain_access`
 *   in minutes; Business Use Case codes 80001–80014)
 * - "Graph API – Versioning", https://developers.facebook.com/docs/graph-api/guides/versioning
 * - "Graph API – Batch Requests", https://developers.facebook.com/docs/graph-api/batch-requests
 *   (`POST /` with `batch`: a JSON array of at most 50 `{method, relative_url, body}`, `body` a
 *   form-encoded string; `include_headers=false`; the answer is an array in the same order of
 *   `{code, body}` with `body` a JSON string, or `null` for an operation that did not complete in
 *   time, to be tried again; each operation counts as one call against the rate limits)
 */
import { ConnectorError, type ConnectorContext, retryAfterMs } from '../contract.ts';
import { byStatus, networkFailure } from '../failures.ts';

export { requireAccount, sameText } from '../failures.ts';

export const GRAPH_VERSION = 'v21.0';
const DEFAULT_THROTTLE_MS = 60 * 60 * 1000; // Meta's app-level window is a rolling hour

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
}

/** Who the Graph token belongs to, in the words used in explanations. */
export interface GraphSubject {
  it: string; // e.g. "della Pagina"
  en: string; // e.g. "Page"
}

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  /** Form-encoded fields (`application/x-www-form-urlencoded`). */
  params?: URLSearchParams;
  /** True for the call that creates what the office sees: a failure after sending is an unknown outcome. */
  publishing?: boolean;
  /** A call of the community inbox (reply, hide, delete): explanations speak of that, not of publishing. */
  interaction?: boolean;
  /** Platform-specific mapping, tried before the generic one. */
  specific?: (e: GraphErrorBody, status: number, headers: Headers) => ConnectorError | undefined;
}

export function graphBase(ctx: ConnectorContext): string {
  return `${(ctx.apiBase ?? 'https://graph.facebook.com').replace(/\/+$/, '')}/${GRAPH_VERSION}`;
}

export function requireToken(ctx: ConnectorContext, subject: GraphSubject): string {
  const token = ctx.credentials?.accessToken;
  if (!token) {
    throw new ConnectorError('disconnected', {
      it: `Mancano le credenziali ${subject.it}: collega il canale dalla scheda Canali.`,
      en: `No ${subject.en} credentials: connect the channel from the Channels tab.`,
    });
  }
  return token;
}

/** Calls the Graph API and returns the parsed JSON body, or throws a `ConnectorError`. */
export async function graph<T>(ctx: ConnectorContext, subject: GraphSubject, call: GraphCall): Promise<T> {
  const token = requireToken(ctx, subject);
  const url = new URL(`${graphBase(ctx)}/${call.path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  let body: RequestInit['body'];
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form) {
    body = call.form;
  } else if (call.params) {
    body = call.params;
  }
  const mutating = call.method !== 'GET';
  let res: Response;
  let text: string;
  try {
    res = await ctx.http.fetch(url.toString(), { method: call.method, headers, body });
    text = await res.text();
  } catch (err) {
    throw networkFailure(err, { platform: 'Meta', mayHaveActed: mutating && call.publishing === true });
  }
  if (res.ok) return (text ? JSON.parse(text) : {}) as T;
  let e: GraphErrorBody = {};
  try {
    e = (JSON.parse(text) as { error?: GraphErrorBody }).error ?? {};
  } catch {
    // not JSON (a proxy's error page): fall back to the status
  }
  throw call.specific?.(e, res.status, res.headers) ?? mapGraphError(e, res.status, res.headers, ctx.now(), subject, call.publishing === true, call.interaction === true);
}

/** Graph's limit on the operations of one batch request. */
const GRAPH_BATCH_MAX = 50;
/** Batch requests in flight at once for one `graphBatch`. */
const BATCH_CONCURRENCY = 4;

/** One operation of a batch: a call without a JSON or multipart body (its fields go in `fields`). */
export interface GraphBatchCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  /** The operation's form fields (its `body`). */
  fields?: Record<string, string | number | boolean>;
  interaction?: boolean;
  specific?: GraphCall['specific'];
}

/**
 * What became of one operation of a batch: its parsed body, the failure Graph answered for it
 * (mapped like a single call's), or `null` when Graph did not complete it in time (try it again).
 */
export type GraphBatchOutcome<T> = { value: T } | { error: ConnectorError } | null;

/**
 * Many operations as Graph batch requests of at most 50, a few at once: one HTTP round trip for
 * fifty hides instead of fifty. Outcomes come back in the order of `calls`. A failure of a whole
 * request (token, network, throttling) becomes the outcome of each of its operations.
 */
export async function graphBatch<T>(ctx: ConnectorContext, subject: GraphSubject, calls: readonly GraphBatchCall[]): Promise<GraphBatchOutcome<T>[]> {
  const out: GraphBatchOutcome<T>[] = calls.map(() => null);
  const chunks: number[] = [];
  for (let i = 0; i < calls.length; i += GRAPH_BATCH_MAX) chunks.push(i);
  const one = async (start: number) => {
    const part = calls.slice(start, start + GRAPH_BATCH_MAX);
    const batch = part.map((c) => {
      const query = new URLSearchParams(c.query).toString();
      const op: { method: string; relative_url: string; body?: string } = { method: c.method, relative_url: `${GRAPH_VERSION}/${c.path.replace(/^\/+/, '')}${query ? `?${query}` : ''}` };
      if (c.fields) op.body = new URLSearchParams(Object.entries(c.fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return op;
    });
    let answers: unknown;
    try {
      answers = await graph<unknown>(ctx, subject, {
        method: 'POST',
        path: '',
        params: new URLSearchParams({ batch: JSON.stringify(batch), include_headers: 'false' }),
        interaction: part.some((c) => c.interaction),
      });
    } catch (err) {
      const error = err instanceof ConnectorError ? err : networkFailure(err, { platform: 'Meta', mayHaveActed: false });
      part.forEach((_, j) => (out[start + j] = { error }));
      return;
    }
    if (!Array.isArray(answers)) {
      const error = new ConnectorError('transient', { it: 'Meta ha risposto a una richiesta multipla in un formato inatteso: riprovo più tardi.', en: 'Meta answered a batch request in an unexpected format: retrying later.' });
      part.forEach((_, j) => (out[start + j] = { error }));
      return;
    }
    part.forEach((c, j) => {
      const a = answers[j] as { code?: number; body?: string } | null | undefined;
      if (!a || typeof a.code !== 'number') return; // not completed in time: stays null
      let body: unknown = {};
      try {
        body = a.body ? JSON.parse(a.body) : {};
      } catch {
        body = {};
      }
      if (a.code >= 200 && a.code < 300) {
        out[start + j] = { value: body as T };
        return;
      }
      const e = (body as { error?: GraphErrorBody }).error ?? {};
      const headers = new Headers();
      out[start + j] = { error: c.specific?.(e, a.code, headers) ?? mapGraphError(e, a.code, headers, ctx.now(), subject, false, c.interaction === true) };
    });
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, async () => {
      while (next < chunks.length) await one(chunks[next++]!);
    }),
  );
  return out;
}

const THROTTLE_CODES = new Set([4, 17, 32, 613]);

/** Graph's error object → the taxonomy (see the error-handling guide cited above). */
export function mapGraphError(e: GraphErrorBody, status: number, headers: Headers, now: Date, subject: GraphSubject, publishing: boolean, interaction = false): ConnectorError {
  const code = e.code;
  const details = { status, platformCode: e.error_subcode ? `${code}/${e.error_subcode}` : code };
  const said = e.message ? ` (Meta: ${e.message})` : '';
  if (code === 190 || code === 102 || (code === undefined && e.type === 'OAuthException' && status === 401)) {
    const expired = e.error_subcode === 463;
    return new ConnectorError(
      'auth_expired',
      expired
        ? { it: `Il token ${subject.it} è scaduto: ricollega il canale dalla scheda Canali.`, en: `The ${subject.en} token has expired: reconnect the channel from the Channels tab.` }
        : { it: `Il token ${subject.it} non è più valido (revocato o password cambiata): ricollega il canale dalla scheda Canali.`, en: `The ${subject.en} token is no longer valid (revoked or password changed): reconnect the channel from the Channels tab.${said}` },
      details,
    );
  }
  if ((code !== undefined && THROTTLE_CODES.has(code)) || (code !== undefined && code >= 80001 && code <= 80014)) {
    const wait = throttleWaitMs(headers, now) ?? DEFAULT_THROTTLE_MS;
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    return new ConnectorError(
      'rate_limited',
      interaction
        ? { it: `Meta ha limitato le chiamate per troppe richieste: riprova tra circa ${minutes} minuti.`, en: `Meta is throttling calls (too many requests): try again in about ${minutes} minutes.` }
        : { it: `Meta ha limitato le chiamate per troppe richieste: la pubblicazione riprenderà tra circa ${minutes} minuti.`, en: `Meta is throttling calls (too many requests): publishing resumes in about ${minutes} minutes.` },
      { ...details, retryAfterMs: wait },
    );
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    const task = interaction ? { it: 'rispondere e moderare', en: 'reply and moderate' } : { it: 'pubblicare', en: 'publish' };
    return new ConnectorError(
      'disconnected',
      { it: `Manca un permesso ${subject.it} necessario per ${task.it}: ricollega il canale concedendo tutti i permessi richiesti.`, en: `A permission needed to ${task.en} is missing for the ${subject.en}: reconnect the channel granting every permission asked.${said}` },
      details,
    );
  }
  if (code === 368) {
    return new ConnectorError(
      'bad_request',
      interaction
        ? { it: 'Meta ha bloccato temporaneamente questa azione per una presunta violazione delle sue regole: verifica lo stato dell’account in Meta Business Suite prima di riprovare.', en: 'Meta has temporarily blocked this action for a suspected policy violation: check the account status in Meta Business Suite before trying again.' }
        : { it: 'Meta ha bloccato temporaneamente la pubblicazione per una presunta violazione delle sue regole: verifica lo stato dell’account in Meta Business Suite prima di riprovare.', en: 'Meta has temporarily blocked publishing for a suspected policy violation: check the account status in Meta Business Suite before trying again.' },
      details,
    );
  }
  if (code === 324 || code === 352 || code === 1363019 || code === 1363021) {
    return new ConnectorError(
      'media_rejected',
      { it: 'Meta ha rifiutato il file multimediale (formato o dimensioni non accettati): sostituiscilo e riprova.', en: `Meta refused the media file (format or size not accepted): replace it and try again.${said}` },
      details,
    );
  }
  if (code === 100) {
    return new ConnectorError(
      'bad_request',
      interaction
        ? { it: `Meta ha rifiutato la richiesta: ${e.error_user_msg ?? 'il commento o il messaggio potrebbe non esistere più, oppure il testo non è accettato'}.`, en: `Meta refused the request: the comment or message may no longer exist, or the text is not accepted.${said}` }
        : { it: `Meta ha rifiutato un parametro della richiesta: ${e.error_user_msg ?? 'controlla testo, link e allegati'}.`, en: `Meta refused a parameter of the request: check text, link and attachments.${said}` },
      details,
    );
  }
  if (code === 1 || code === 2) {
    // Meta says "temporary, retry"; but on the publishing call itself a post may exist anyway,
    // and the idempotency rule forbids a blind retry there.
    return publishing
      ? new ConnectorError('unknown_outcome', { it: 'Meta ha risposto con un errore temporaneo durante la pubblicazione: verifico se il post è uscito prima di riprovare.', en: `Meta answered with a temporary error while publishing: checking whether the post went out before retrying.${said}` }, details)
      : new ConnectorError('transient', { it: 'Meta ha un problema temporaneo: riprovo più tardi.', en: `Meta has a temporary problem: retrying later.${said}` }, details);
  }
  return byStatus(status, publishing, 'Meta', details, said, headers, now);
}

/** `estimated_time_to_regain_access` (minutes) from the Business Use Case header, else Retry-After. */
function throttleWaitMs(headers: Headers, now: Date): number | undefined {
  const buc = headers.get('x-business-use-case-usage');
  if (buc) {
    try {
      const parsed = JSON.parse(buc) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
      const minutes = Object.values(parsed).flat().map((u) => u.estimated_time_to_regain_access ?? 0);
      const max = Math.max(0, ...minutes);
      if (max > 0) return max * 60_000;
    } catch {
      // malformed header: ignore
    }
  }
  return retryAfterMs(headers, now);
}
