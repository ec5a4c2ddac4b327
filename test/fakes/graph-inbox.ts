/**
 * A fake of the Graph API endpoints the community inbox calls through the real Facebook Page,
 * Instagram and WhatsApp connectors, recording every call. Unlike `facebook.ts`/`instagram.ts`,
 * whose comments must be seeded, here any comment id exists (citizens wrote them on the platform;
 * the tests learn of them by webhook) until it is deleted. Shapes follow:
 * - "Graph API Reference – Object Comments / Comment": `POST /{comment-id}/comments {message}` →
 *   `{id}`; `POST /{comment-id} {is_hidden}` → `{success: true}`; `DELETE /{comment-id}` → `{success: true}`
 * - "Messenger Platform – Send API": `POST /{page-id}/messages {recipient, messaging_type, message}`
 *   → `{recipient_id, message_id}` (Instagram Direct too, on the Page or the IG account)
 * - "IG Comment Replies / IG Comment": `POST /{ig-comment-id}/replies {message}` → `{id}`;
 *   `POST /{ig-comment-id}?hide=true|false` → `{success: true}`
 * - "Cloud API – Messages": `POST /{phone-number-id}/messages {messaging_product, to, type: "text",
 *   text: {body}, context: {message_id}}` → `{messaging_product, contacts, messages: [{id}]}`
 * - "Graph API – Handling Errors": every answer checks the pinned version and the bearer token
 *   (190 when missing or unknown); a deleted comment answers 100/33; `failNext` queues any error.
 * - "Graph API – Batch Requests": `POST /` with `batch` (a JSON array of at most 50 `{method,
 *   relative_url, body}`, `body` form-encoded) and `include_headers`; each operation goes through
 *   the routes above and answers `{code, body}` (`body` a JSON string, headers unless
 *   `include_headers=false`), in order; an operation on an id in `timeouts` is not done and
 *   answers `null`, as Graph does for operations it could not complete in time.
 * Calls are recorded with the Graph path after the version (`/{comment-id}/comments`); the
 * operations of a batch are recorded after it, marked `batched`.
 */
import { bearer, type FakeRequest, type FakeServer, type Reply, type Route, startFake } from './kernel.ts';
import { GRAPH_PREFIX as P, graphError } from './facebook.ts';

export interface GraphCall {
  method: string;
  /** The Graph path after the version prefix, e.g. `/{comment-id}/comments`. */
  path: string;
  version: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: string | null;
  /** An operation of a batch request (recorded after the batch itself). */
  batched?: boolean;
}

export interface FakeGraph extends FakeServer {
  calls: GraphCall[];
  /** Comments deleted through the API. */
  deleted: Set<string>;
  /** Hidden state set through the API, per comment id. */
  hidden: Map<string, boolean>;
  /** Ids whose operations in a batch request do not complete in time (answered `null`). */
  timeouts: Set<string>;
}

export interface FakeGraphOptions {
  /** Accepted tokens; when omitted any non-empty bearer token is accepted. */
  tokens?: string[];
  pageId?: string;
  igUserId?: string;
  phoneNumberId?: string;
}

/** Graph's limit on the operations of one batch request. */
const BATCH_MAX = 50;
const batchedRequests = new WeakSet<FakeRequest>();

function asCall(r: FakeRequest): GraphCall {
  const version = r.path.startsWith(`${P}/`) ? P.slice(1) : '';
  const path = version ? r.path.slice(P.length) : r.path;
  const batched = batchedRequests.has(r);
  // A batched operation's form fields read as Graph reads them ("true" is true).
  const body = (batched ? fieldsOf(r) : r.json && typeof r.json === 'object' ? r.json : Object.fromEntries(r.form ?? [])) as Record<string, unknown>;
  return { method: r.method, path: decodeURIComponent(path), version, query: Object.fromEntries(r.query), body, token: bearer(r) ?? null, ...(batched ? { batched: true } : {}) };
}

/** A request's fields, from a JSON body or a form (where Graph reads `"true"` as true). */
function fieldsOf(req: FakeRequest): Record<string, unknown> {
  if (req.json && typeof req.json === 'object') return req.json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of req.form ?? []) out[k] = v === 'true' ? true : v === 'false' ? false : v;
  return out;
}

export async function startFakeGraph(opts: FakeGraphOptions = {}): Promise<FakeGraph> {
  const pageId = opts.pageId ?? 'page1';
  const igUserId = opts.igUserId ?? '17841400000000009';
  const phoneNumberId = opts.phoneNumberId ?? '106540352242922';
  const deleted = new Set<string>();
  const hidden = new Map<string, boolean>();
  const timeouts = new Set<string>();
  let n = 0;
  const gone = (id: string | undefined): Reply => graphError(100, `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { subcode: 33 });
  const body = fieldsOf;
  // The server's log, known once it starts: a batch's operations are added to it after the batch.
  let log: FakeRequest[] = [];

  const routes: Route[] = [
    {
      method: 'POST',
      path: new RegExp(`^${P}/?$`),
      handle: async (req) => {
        const raw = body(req).batch;
        let ops: unknown;
        try {
          ops = typeof raw === 'string' ? JSON.parse(raw) : raw;
        } catch {
          return graphError(100, '(#100) The parameter batch must be a JSON array');
        }
        if (!Array.isArray(ops) || ops.length === 0) return graphError(100, '(#100) The parameter batch is required');
        if (ops.length > BATCH_MAX) return graphError(100, `(#100) Too many requests in batch message. Maximum batch size is ${BATCH_MAX}`);
        const withHeaders = body(req).include_headers !== false;
        const answers: unknown[] = [];
        for (const op of ops as { method?: string; relative_url?: string; body?: string }[]) {
          const url = new URL(`/${String(op.relative_url ?? '').replace(/^\/+/, '')}`, 'http://graph.invalid');
          const sub: FakeRequest = { method: String(op.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.from(op.body ?? '') };
          if (op.body) sub.form = new Map(new URLSearchParams(op.body));
          batchedRequests.add(sub);
          const id = decodeURIComponent(url.pathname.split('/')[2] ?? '');
          if (timeouts.has(id)) {
            answers.push(null);
            continue;
          }
          log.push(sub);
          const route = sub.path.startsWith(`${P}/`) && sub.path !== `${P}/` ? routes.find((r) => r.method === sub.method && r.path.test(sub.path)) : undefined;
          const reply = route
            ? await route.handle(sub, (route.path.exec(sub.path) ?? []).slice(1).map((p) => decodeURIComponent(p)))
            : graphError(100, 'Unsupported request: unknown path components');
          const answer: { code: number; headers?: { name: string; value: string }[]; body: string } = { code: reply.status, body: JSON.stringify(reply.body ?? {}) };
          if (withHeaders) answer.headers = [{ name: 'Content-Type', value: 'application/json; charset=UTF-8' }];
          answers.push(answer);
        }
        return { status: 200, body: answers };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/(${phoneNumberId})/messages$`),
      handle: (req) => {
        const b = body(req) as { messaging_product?: string; to?: string; type?: string; text?: { body?: string }; context?: { message_id?: string } };
        if (b.messaging_product !== 'whatsapp') return graphError(100, '(#100) The parameter messaging_product is required.');
        if (!/^[1-9]\d{6,14}$/.test(b.to ?? '')) return graphError(100, '(#100) Invalid parameter: to must be a phone number');
        if (b.type !== 'text' || !b.text?.body) return graphError(100, '(#100) The parameter text[\'body\'] is required.');
        return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: b.to, wa_id: b.to }], messages: [{ id: `wamid.reply_${++n}` }] } };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/(${pageId}|${igUserId})/messages$`),
      handle: (req, [via]) => {
        const b = body(req) as { recipient?: { id?: string }; messaging_type?: string; message?: { text?: string } };
        if (via === pageId && b.messaging_type !== undefined && !['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return graphError(100, '(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
        if (!b.recipient?.id || !b.message?.text) return graphError(100, '(#100) The parameters recipient and message are required');
        return { status: 200, body: { recipient_id: b.recipient.id, message_id: `m_reply_${++n}` } };
      },
    },
    {
      // Graph API Reference, "Page Blocked": POST /{page-id}/blocked (user) → {"<user-id>": true}
      method: 'POST',
      path: new RegExp(`^${P}/(${pageId})/blocked$`),
      handle: (req) => {
        const user = body(req).user;
        if (typeof user !== 'string' || !user) return graphError(100, '(#100) The parameter user is required');
        return { status: 200, body: { [user]: true } };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/([^/]+)/(comments|replies)$`),
      handle: (req, [id]) => {
        if (deleted.has(id!)) return gone(id);
        const message = body(req).message;
        if (typeof message !== 'string' || !message.trim()) return graphError(100, '(#100) Missing message or attachment');
        return { status: 200, body: { id: `reply_${++n}` } };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${P}/([^/]+)$`),
      handle: (req, [id]) => {
        if (deleted.has(id!)) return gone(id);
        const isHidden = body(req).is_hidden;
        const hide = req.query.get('hide');
        if (typeof isHidden === 'boolean') hidden.set(id!, isHidden);
        else if (hide === 'true' || hide === 'false') hidden.set(id!, hide === 'true');
        else return graphError(100, '(#100) Missing is_hidden (Page comments) or hide (Instagram comments)');
        return { status: 200, body: { success: true } };
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`^${P}/([^/]+)$`),
      handle: (_req, [id]) => {
        if (deleted.has(id!)) return gone(id);
        deleted.add(id!);
        return { status: 200, body: { success: true } };
      },
    },
  ];
  const server = await startFake({
    guard: (req) => {
      if (!req.path.startsWith(`${P}/`)) return graphError(2635, `The requested version is not pinned to ${P}`);
      const t = bearer(req);
      if (!t) return graphError(104, 'An access token is required to request this resource.', { type: 'OAuthException' });
      if (opts.tokens && !opts.tokens.includes(t)) return graphError(190, 'Invalid OAuth access token - Cannot parse access token', { status: 401 });
      return undefined;
    },
    notFound: () => graphError(100, 'Unsupported request: unknown path components'),
    routes,
  });
  log = server.requests;
  const fake = Object.assign(server, { deleted, hidden, timeouts }) as FakeGraph;
  Object.defineProperty(fake, 'calls', { get: () => server.requests.map(asCall), enumerable: true });
  return fake;
}
