/**
 * A fake Mastodon instance following the documented client API shapes
 * (https://docs.joinmastodon.org/methods/statuses/, /methods/media/, /methods/accounts/,
 * /api/rate-limits/): Bearer tokens, `{ "error": "…" }` bodies, 401 for an invalid token, 422
 * for validation, 429 with X-RateLimit-* headers, Idempotency-Key on status creation. Tests script
 * failures (`next`), a delay, and read what was created.
 * For the community inbox, following https://docs.joinmastodon.org/methods/notifications/#get,
 * https://docs.joinmastodon.org/methods/statuses/#context and /entities/Notification/: a status
 * that names an account of the instance (`@username`) gives that account a `mention` notification
 * (replies are mentions: clients start a reply with the author's handle); statuses carry
 * `in_reply_to_id` and `visibility`; GET /api/v1/notifications filters by `types[]` and pages with
 * `max_id`, `since_id`, `min_id` and `limit` (newest first, at most 80); GET
 * /api/v1/statuses/:id and /context read a status and its ancestors.
 * Blocking, following https://docs.joinmastodon.org/methods/accounts/#block and
 * /entities/Relationship/: POST /api/v1/accounts/:id/block answers the Relationship with
 * `blocking: true` (also when already blocked); it needs a user token with `write:blocks` (or the
 * broader `write`, or the deprecated `follow`): 403 "This action is outside the authorized scopes"
 * otherwise, 422 "This method requires an authenticated user" for an app-only token, 404 "Record
 * not found" for an unknown account. A blocked account's mentions no longer notify the blocker.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStatus {
  id: string;
  accountId: string;
  text: string;
  content: string;
  createdAt: Date;
  idempotencyKey: string | null;
  mediaIds: string[];
  inReplyToId: string | null;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  language: string | null;
}

export interface FakeNotification {
  id: string;
  /** The account notified. */
  accountId: string;
  type: 'mention';
  statusId: string;
  createdAt: Date;
}

type Scripted =
  | { kind: 'status'; status: number; error?: string; headers?: Record<string, string> }
  | { kind: 'rate_limit'; resetInMs: number }
  | { kind: 'drop_after_accept' };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const toHtml = (text: string) => text.split(/\n{2,}/).map((p) => `<p>${escape(p).replace(/\n/g, '<br />')}</p>`).join('');

export async function startFakeMastodon(opts: { delayMs?: number; idempotency?: boolean } = {}) {
  const accounts = new Map<string, { id: string; username: string }>(); // token → account
  const scopes = new Map<string, string[]>(); // token → granted scopes
  const appTokens = new Set<string>(); // client-credentials tokens, with no user
  const blocks: Array<{ accountId: string; targetId: string }> = [];
  const blocking = (accountId: string, targetId: string) => blocks.some((b) => b.accountId === accountId && b.targetId === targetId);
  const notifications: FakeNotification[] = [];
  const statuses: FakeStatus[] = [];
  const media = new Map<string, { description: string | null; mime: string; size: number }>();
  const script: Scripted[] = [];
  const idem = new Map<string, FakeStatus>();
  let seq = 100_000;
  let inFlight = 0;
  let delayMs = opts.delayMs ?? 0;
  let createRequests = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const accountById = (id: string) => [...accounts.values()].find((a) => a.id === id);
  const presentAccount = (id: string, base: string) => {
    const a = accountById(id);
    const username = a?.username ?? 'x';
    return { id, username, acct: username, display_name: a ? `Persona ${username}` : '', url: `${base}/@${username}` };
  };
  const present = (s: FakeStatus, base: string) => ({
    id: s.id,
    created_at: s.createdAt.toISOString(),
    url: `${base}/@${accountById(s.accountId)?.username ?? 'x'}/${s.id}`,
    uri: `${base}/users/${accountById(s.accountId)?.username ?? 'x'}/statuses/${s.id}`,
    content: s.content,
    visibility: s.visibility,
    language: s.language,
    in_reply_to_id: s.inReplyToId,
    in_reply_to_account_id: s.inReplyToId ? (statuses.find((p) => p.id === s.inReplyToId)?.accountId ?? null) : null,
    account: presentAccount(s.accountId, base),
    mentions: mentioned(s).map((id) => ({ id, username: accountById(id)!.username, acct: accountById(id)!.username, url: `${base}/@${accountById(id)!.username}` })),
    media_attachments: s.mediaIds.map((id) => ({ id, description: media.get(id)?.description ?? null })),
  });
  /** Accounts of this instance named in the status's text, its author excepted. */
  const mentioned = (s: FakeStatus) =>
    [...new Set([...accounts.values()].filter((a) => a.id !== s.accountId && new RegExp(`(^|\\s)@${a.username}(@[\\w.-]+)?(?![\\w@])`).test(s.text)).map((a) => a.id))];
  const byIdDesc = <T extends { id: string }>(a: T, b: T) => Number(b.id) - Number(a.id);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (appTokens.has(token)) return send(res, 422, { error: 'This method requires an authenticated user' });
    const account = accounts.get(token);
    if (!account) return send(res, 401, { error: 'The access token is invalid' });
    const granted = (...any: string[]) => any.some((x) => (scopes.get(token) ?? []).includes(x));

    const blockRoute = /^\/api\/v1\/accounts\/([^/]+)\/block$/.exec(url.pathname);
    if (req.method === 'POST' && blockRoute) {
      if (!granted('write:blocks', 'write', 'follow')) return send(res, 403, { error: 'This action is outside the authorized scopes' });
      const target = accountById(blockRoute[1]!);
      if (!target) return send(res, 404, { error: 'Record not found' });
      if (!blocking(account.id, target.id)) blocks.push({ accountId: account.id, targetId: target.id });
      return send(res, 200, {
        id: target.id,
        following: false,
        showing_reblogs: false,
        notifying: false,
        followed_by: false,
        blocking: true,
        blocked_by: blocking(target.id, account.id),
        muting: false,
        muting_notifications: false,
        requested: false,
        domain_blocking: false,
        endorsed: false,
        note: '',
      });
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/accounts/verify_credentials') {
      return send(res, 200, { id: account.id, username: account.username, acct: account.username, display_name: `Comune ${account.username}`, url: `${base}/@${account.username}` });
    }
    if (req.method === 'POST' && url.pathname === '/api/v2/media') {
      const form = await new Request('http://fake', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: raw }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return send(res, 422, { error: 'Validation failed: File can’t be blank' });
      const id = String(++seq);
      media.set(id, { description: (form.get('description') as string | null) ?? null, mime: file.type, size: file.size });
      return send(res, 200, { id, type: 'image', url: `${base}/media/${id}`, description: media.get(id)!.description });
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/statuses') {
      createRequests++;
      const step = script.shift();
      if (step?.kind === 'status') return send(res, step.status, { error: step.error ?? 'Error' }, step.headers);
      if (step?.kind === 'rate_limit') {
        const reset = new Date(Date.now() + step.resetInMs).toISOString();
        return send(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      }
      const body = JSON.parse(raw.toString() || '{}') as { status?: string; media_ids?: string[]; in_reply_to_id?: string; visibility?: FakeStatus['visibility']; language?: string };
      if (body.in_reply_to_id && !statuses.some((p) => p.id === body.in_reply_to_id)) return send(res, 404, { error: 'Record not found' });
      if (!body.status?.trim() && !body.media_ids?.length) return send(res, 422, { error: "Validation failed: Text can't be blank" });
      if ((body.status ?? '').length > 500) return send(res, 422, { error: 'Validation failed: Text character limit of 500 exceeded' });
      const key = typeof req.headers['idempotency-key'] === 'string' ? `${account.id}:${req.headers['idempotency-key']}` : null;
      if (opts.idempotency !== false && key && idem.has(key)) return send(res, 200, present(idem.get(key)!, base));
      inFlight++;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      inFlight--;
      const s: FakeStatus = {
        id: String(++seq),
        accountId: account.id,
        text: body.status ?? '',
        content: toHtml(body.status ?? ''),
        createdAt: new Date(),
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        mediaIds: body.media_ids ?? [],
        inReplyToId: body.in_reply_to_id ?? null,
        visibility: body.visibility ?? 'public',
        language: body.language ?? null,
      };
      statuses.push(s);
      for (const accountId of mentioned(s)) notifications.push({ id: String(++seq), accountId, type: 'mention', statusId: s.id, createdAt: new Date() });
      if (key) idem.set(key, s);
      if (step?.kind === 'drop_after_accept') return req.socket.destroy();
      return send(res, 200, present(s, base));
    }
    const list = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(url.pathname);
    if (req.method === 'GET' && list) {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const maxId = url.searchParams.get('max_id');
      const mine = statuses.filter((s) => s.accountId === list[1] && (!maxId || Number(s.id) < Number(maxId))).sort((a, b) => Number(b.id) - Number(a.id));
      return send(res, 200, mine.slice(0, limit).map((s) => present(s, base)));
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/notifications') {
      const types = url.searchParams.getAll('types[]');
      const limit = Math.min(80, Number(url.searchParams.get('limit') ?? 40));
      const [maxId, sinceId, minId] = ['max_id', 'since_id', 'min_id'].map((k) => url.searchParams.get(k));
      let mine = notifications
        .filter((n) => n.accountId === account.id && (types.length === 0 || types.includes(n.type)) && statuses.some((st) => st.id === n.statusId))
        .filter((n) => !blocking(account.id, statuses.find((st) => st.id === n.statusId)!.accountId))
        .filter((n) => (!maxId || Number(n.id) < Number(maxId)) && (!sinceId || Number(n.id) > Number(sinceId)) && (!minId || Number(n.id) > Number(minId)));
      // min_id: the page immediately newer than it; otherwise the newest page. Newest first either way.
      mine = minId ? mine.sort((a, b) => Number(a.id) - Number(b.id)).slice(0, limit).sort(byIdDesc) : mine.sort(byIdDesc).slice(0, limit);
      return send(
        res,
        200,
        mine.map((n) => ({ id: n.id, type: n.type, created_at: n.createdAt.toISOString(), account: presentAccount(statuses.find((st) => st.id === n.statusId)!.accountId, base), status: present(statuses.find((st) => st.id === n.statusId)!, base) })),
      );
    }
    const context = /^\/api\/v1\/statuses\/([^/]+)\/context$/.exec(url.pathname);
    if (req.method === 'GET' && context) {
      const s = statuses.find((st) => st.id === context[1]);
      if (!s) return send(res, 404, { error: 'Record not found' });
      const ancestors: FakeStatus[] = [];
      for (let p = statuses.find((st) => st.id === s.inReplyToId); p; p = statuses.find((st) => st.id === p!.inReplyToId)) ancestors.unshift(p);
      const descendants = statuses.filter((st) => st.inReplyToId === s.id);
      return send(res, 200, { ancestors: ancestors.map((st) => present(st, base)), descendants: descendants.map((st) => present(st, base)) });
    }
    const one = /^\/api\/v1\/statuses\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && one) {
      const s = statuses.find((st) => st.id === one[1]);
      return s ? send(res, 200, present(s, base)) : send(res, 404, { error: 'Record not found' });
    }
    const del = /^\/api\/v1\/statuses\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && del) {
      const i = statuses.findIndex((s) => s.id === del[1] && s.accountId === account.id);
      if (i < 0) return send(res, 404, { error: 'Record not found' });
      const [s] = statuses.splice(i, 1);
      return send(res, 200, { ...present(s!, base), text: s!.text });
    }
    return send(res, 404, { error: 'Record not found' });
  };
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    statuses,
    notifications,
    blocks,
    /** Registers a token for an account (scopes `read write follow` unless given); returns the account id. */
    addAccount(token: string, username: string, opts: { scopes?: string[] } = {}) {
      const id = String(++seq);
      accounts.set(token, { id, username });
      scopes.set(token, opts.scopes ?? ['read', 'write', 'follow']);
      return id;
    },
    /** A token obtained with client credentials: it authenticates the app, not a user. */
    addAppToken(token: string) {
      appTokens.add(token);
    },
    /** Another token for an existing account (a refreshed one). */
    addToken(token: string, accountId: string) {
      const a = [...accounts.values()].find((x) => x.id === accountId);
      if (a) {
        accounts.set(token, a);
        scopes.set(token, ['read', 'write', 'follow']);
      }
    },
    revoke(token: string) {
      accounts.delete(token);
    },
    /** Scripts the answer of the next status creations. */
    next(...steps: Scripted[]) {
      script.push(...steps);
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    media,
    inFlight: () => inFlight,
    createRequests: () => createRequests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type FakeMastodon = Awaited<ReturnType<typeof startFakeMastodon>>;
