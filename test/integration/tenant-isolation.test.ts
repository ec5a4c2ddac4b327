/**
 * A user of one Ente can read or change nothing of another, through any route. The routes are
 * taken from the OpenAPI document, so a route added later is covered without touching this test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, startTestApp, tokenClient, type Client, type TestApp } from '../support/app.ts';

/** A 1×1 PNG, uploaded as the Ente's first media item; returns its id. */
async function uploadPixel(c: Client, slug: string): Promise<string> {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const res = await c.request('POST', `/api/v1/enti/${slug}/media?filename=pixel.png&alt=${encodeURIComponent('Un pixel')}`, png, { 'content-type': 'image/png' });
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

describe.each(backends())('tenant isolation on %s', (kind) => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof createEnte>>;
  let b: Awaited<ReturnType<typeof createEnte>>;
  let ops: Operation[];
  const ids: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    app = await startTestApp(kind);
    a = await createEnte(app, 'ente-a');
    b = await createEnte(app, 'ente-b');
    for (const [slug, ente] of [
      ['ente-a', a],
      ['ente-b', b],
    ] as const) {
      // One of everything, so every path parameter has a real value in each Ente.
      const admin = await login(app, ente.email('amministratore'));
      const smm = await login(app, ente.email('social_media_manager'));
      const channel = (await admin.post(`/api/v1/enti/${slug}/channels`, channelBody(`canale-${slug}`))).json();
      const desk = (await admin.get(`/api/v1/enti/${slug}/desks`)).json().desks[0];
      const post = (await smm.post(`/api/v1/enti/${slug}/proposals`, { title: 'Proposta', body: 'Testo della proposta', targetChannelIds: [channel.id] })).json();
      (await smm.get(`/api/v1/enti/${slug}/policies/external`)).json();
      const approver = await login(app, ente.email('approvatore'));
      await approver.post(`/api/v1/enti/${slug}/policies/external/adopt`, { act: { type: 'determina', number: '1', date: '2026-01-15' } });
      const decision = (await smm.post(`/api/v1/enti/${slug}/moderation/evaluate`, { text: 'Sei un idiota', record: true })).json();
      ids[slug] = {
        ente: slug,
        channelId: channel.id,
        deskId: desk.id,
        userId: ente.people.redattore!,
        postId: post.id,
        kind: 'external',
        n: '1',
        decisionId: decision.id,
        mediaId: await uploadPixel(smm, slug),
        // An inbox item (handed over as ActivityPub would) and a saved reply.
        itemId: await (async () => {
          await app.services.inbox.ingestItems(ente.ente.id, channel.id, [{ platformId: `p-${slug}`, kind: 'comment', threadRef: 'post-1', author: { platformId: 'u1', name: 'Cittadino' }, text: 'Quando apre il municipio?', receivedAt: new Date() }]);
          // The app's background worker may hold the event for a moment: wait for the item (bounded).
          for (let i = 0; i < 200; i++) {
            await app.services.inbox.worker.drain();
            const item = (await smm.get(`/api/v1/enti/${slug}/inbox/items`)).json().items[0];
            if (item) return item.id as string;
            await new Promise((r) => setTimeout(r, 25));
          }
          throw new Error('the inbox item never appeared');
        })(),
        replyId: (await smm.get(`/api/v1/enti/${slug}/inbox/saved-replies`)).json().replies[0].id,
        alertId: (
          await smm.post(`/api/v1/enti/${slug}/alerts`, {
            code: 'gialla',
            risks: ['temporali'],
            validFrom: new Date().toISOString(),
            validTo: new Date(Date.now() + 3_600_000).toISOString(),
            source: 'Centro Funzionale Regionale',
            channelIds: [channel.id],
          })
        ).json().id,
      };
    }
    const doc = (await app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    ops = Object.entries(doc.paths)
      .filter(([p]) => p.includes('{ente}'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })));
  });
  afterAll(async () => app?.close());

  /** Query strings some GET routes require. */
  const QUERY: Record<string, string> = { diffPolicyVersions: '?from=1&to=draft' };
  const fill = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '00000000-0000-4000-8000-000000000000');
  const send = (c: Client, op: Operation, url: string) => c.request(op.method, url, ['GET', 'DELETE'].includes(op.method) ? undefined : {});

  test('the OpenAPI document lists the Ente-scoped operations', () => {
    const names = ops.map((o) => o.operationId);
    expect(names).toEqual(expect.arrayContaining(['getEnte', 'updateEnte', 'listPeople', 'addPerson', 'listDesks', 'listChannels', 'createChannel', 'getChannel', 'updateChannel', 'listAuditEvents']));
  });

  test("an administrator of A gets 404 on every route of B, whatever the method or body", async () => {
    const adminA = await login(app, a.email('amministratore'));
    for (const op of ops) {
      const res = await send(adminA, op, fill(op.path, ids['ente-b']!));
      expect({ op: op.operationId, status: res.statusCode, code: res.json().code }).toEqual({ op: op.operationId, status: 404, code: 'not_found' });
    }
  });

  test("an API token of A gets 404 on every route of B", async () => {
    const tokenA = await tokenClient(app, a.email('amministratore'), 'ente-a');
    for (const op of ops) {
      const res = await send(tokenA, op, fill(op.path, ids['ente-b']!));
      expect({ op: op.operationId, status: res.statusCode }).toEqual({ op: op.operationId, status: 404 });
    }
  });

  test("B's resources under A's slug are not found either", async () => {
    const adminA = await login(app, a.email('amministratore'));
    const mixed = { ...ids['ente-b']!, ente: 'ente-a' };
    for (const op of ops.filter((o) => /\{(channelId|deskId|userId)\}/.test(o.path))) {
      const res = await send(adminA, op, fill(op.path, mixed));
      // A body that fails validation would be a 400 before the lookup; with {} the lookup must still say 404 or 400, never 2xx.
      expect({ op: op.operationId, ok: res.statusCode < 300 }).toEqual({ op: op.operationId, ok: false });
      if (op.method === 'GET' || op.method === 'DELETE') expect(res.statusCode).toBe(404);
    }
    const channel = await adminA.patch(`/api/v1/enti/ente-a/channels/${ids['ente-b']!.channelId}`, { name: 'Preso in ostaggio' });
    expect(channel.statusCode).toBe(404);
    const desk = await adminA.patch(`/api/v1/enti/ente-a/desks/${ids['ente-b']!.deskId}`, { name: 'Preso in ostaggio' });
    expect(desk.statusCode).toBe(404);
    const person = await adminA.patch(`/api/v1/enti/ente-a/people/${b.people.redattore}`, { roles: ['amministratore'] });
    expect(person.statusCode).toBe(404);
  });

  test('the same routes work for B\'s own administrator (the 404s above are isolation, not broken routes)', async () => {
    const adminB = await login(app, b.email('amministratore'));
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const res = await adminB.get(fill(op.path, ids['ente-b']!) + (QUERY[op.operationId] ?? ''));
      expect({ op: op.operationId, status: res.statusCode }).toEqual({ op: op.operationId, status: 200 });
    }
  });

  test('a person of A cannot make themselves a member of B through the API', async () => {
    const adminA = await login(app, a.email('amministratore'));
    const res = await adminA.post('/api/v1/enti/ente-b/people', { email: a.email('amministratore'), name: 'Intruso', roles: ['amministratore'] });
    expect(res.statusCode).toBe(404);
    const me = (await adminA.get('/api/v1/me')).json();
    expect(me.enti.map((e: { slug: string }) => e.slug)).toEqual(['ente-a']);
  });
});
