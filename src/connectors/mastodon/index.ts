/**
 * Mastodon connector, written against the client API documentation:
 *   https://docs.joinmastodon.org/methods/statuses/#create   (POST /api/v1/statuses; `Idempotency-Key` header:
 *     the same key within one hour returns the same status instead of a new one)
 *   https://docs.joinmastodon.org/methods/media/#v2          (POST /api/v2/media, `file` + `description` = alt text;
 *     200 when processed, 202 while processing: poll GET /api/v1/media/:id until `url` is set)
 *   https://docs.joinmastodon.org/methods/statuses/#delete   (DELETE /api/v1/statuses/:id)
 *   https://docs.joinmastodon.org/methods/accounts/#verify_credentials
 *   https://docs.joinmastodon.org/methods/accounts/#statuses (GET /api/v1/accounts/:id/statuses: our lookup)
 *   https://docs.joinmastodon.org/api/rate-limits/           (429; X-RateLimit-Reset is an ISO 8601 time;
 *     status creation: 300 per 3 hours per account)
 *   https://docs.joinmastodon.org/client/authorized/         (Bearer tokens; they do not expire: no refresh)
 * Errors: `{ "error": "…" }` with 401 (invalid token), 422 (validation), 429, 5xx.
 * Credentials: { accessToken, account: { instance: "https://mastodon.example", id?: "<account id>" } }.
 * The community inbox's polling and replies are in `interactions.ts`.
 */
import type { Connector, ConnectorContext, PublishRequest, PublishResult } from '../contract.ts';
import type { Interactions } from '../interactions.ts';
import { plainText, request, type Status } from './api.ts';
import { mastodonInteractions } from './interactions.ts';

export { plainText } from './api.ts';

/** The status text: the variant's text, with its link appended when the text does not hold it. */
export function composeStatus(req: Pick<PublishRequest, 'text' | 'link'>): string {
  return req.link && !req.text.includes(req.link) ? `${req.text}\n\n${req.link}` : req.text;
}

const result = (s: Status): PublishResult => ({ platformId: s.id, url: s.url ?? s.uri ?? null, publishedAt: new Date(s.created_at) });

async function uploadMedia(ctx: ConnectorContext, m: PublishRequest['media'][number]): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(await m.bytes())], { type: m.mime }), m.filename);
  if (m.altText) form.set('description', m.altText);
  const { data, status } = await request<{ id: string; url: string | null }>(ctx, 'POST', '/api/v2/media', { body: form });
  if (status === 202 || !data.url) {
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      const again = await request<{ id: string; url: string | null }>(ctx, 'GET', `/api/v1/media/${data.id}`);
      if (again.data.url) break;
    }
  }
  return data.id;
}

async function accountId(ctx: ConnectorContext): Promise<string> {
  const known = ctx.credentials?.account?.id;
  if (known) return known;
  return (await request<{ id: string }>(ctx, 'GET', '/api/v1/accounts/verify_credentials')).data.id;
}

export const mastodon: Connector & Interactions = {
  platform: 'mastodon',
  capabilities: { media: true, altText: true, delete: true, lookup: true, refresh: false },
  rateLimits: { perChannel: { requests: 300, perMs: 3 * 3_600_000 } },

  async identity(ctx) {
    const { data } = await request<{ id: string; username: string; acct: string; display_name: string; url: string }>(ctx, 'GET', '/api/v1/accounts/verify_credentials');
    return { id: data.id, handle: `@${data.acct}`, name: data.display_name || data.username, url: data.url ?? null };
  },

  async publish(ctx, req) {
    const mediaIds: string[] = [];
    for (const m of req.media.slice(0, 4)) mediaIds.push(await uploadMedia(ctx, m));
    const body = JSON.stringify({ status: composeStatus(req), visibility: 'public', language: 'it', ...(mediaIds.length ? { media_ids: mediaIds } : {}) });
    const { data } = await request<Status>(ctx, 'POST', '/api/v1/statuses', {
      body,
      headers: { 'content-type': 'application/json', 'idempotency-key': req.idempotencyKey },
    });
    return result(data);
  },

  async lookup(ctx, q) {
    const id = await accountId(ctx);
    const wanted = plainText(composeStatus({ text: q.text, link: null }));
    const since = q.since.getTime() - 60_000; // clock skew between us and the instance
    let maxId: string | null = null;
    for (let page = 0; page < 5; page++) {
      const qs: URLSearchParams = new URLSearchParams({ limit: '40', exclude_reblogs: 'true', exclude_replies: 'true', ...(maxId ? { max_id: maxId } : {}) });
      const { data }: { data: Status[] } = await request<Status[]>(ctx, 'GET', `/api/v1/accounts/${id}/statuses?${qs.toString()}`);
      for (const s of data) {
        const t = plainText(s.content);
        if (Date.parse(s.created_at) >= since && (t === wanted || t.startsWith(`${wanted} `))) return result(s);
      }
      const last: Status | undefined = data.at(-1);
      if (!last || Date.parse(last.created_at) < since) return null;
      maxId = last.id;
    }
    return null;
  },

  async delete(ctx, platformId) {
    await request(ctx, 'DELETE', `/api/v1/statuses/${encodeURIComponent(platformId)}`);
  },

  ...mastodonInteractions,
};
