/**
 * Crisis listening is fed by the community inbox: every incoming comment that the inbox stores
 * (signed webhook → queue → batch) is counted in the hour's volume of its channel, in the same
 * transaction, with the moderation engine's verdict or the listening lexicon deciding whether it
 * is negative or alarmed. A burst of alarmed comments through the inbox raises a spike against
 * the channel's usual level, with those comments (by inbox item id) behind it; a comment that
 * repeats a recorded false claim is marked on it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, SYSTEM, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { metaSignature } from '../../src/modules/inbox/index.ts';

const APP_SECRET = 'segreto-app-ascolto';

describe.each(backends())('crisis listening fed by the inbox on %s', (kind) => {
  let app: TestApp;
  let smm: Client;
  let red: Client;
  let fb = '';
  let seq = 0;
  const slug = 'ascolto';
  const base = `/api/v1/enti/${slug}`;

  const comment = (text: string, at: Date) => {
    const id = `post1_c${++seq}`;
    return {
      object: 'page',
      entry: [{ id: 'page1', time: 1, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: id, post_id: 'page1_post1', from: { id: `u${seq}`, name: `Cittadino ${seq}` }, message: text, created_time: Math.floor(at.getTime() / 1000) } }] }],
    };
  };
  const deliver = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return app.server.inject({ method: 'POST', url: `/api/v1/webhooks/facebook_page/${fb}`, payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) } });
  };
  const rows = async <T,>(q: ReturnType<typeof sql>) => ((await app.database.db.execute(q)) as unknown as { rows: T[] }).rows;
  /** Processes the queue, and waits for the app's own worker if it holds part of it. */
  const drain = async () => {
    for (let i = 0; i < 400; i++) {
      await app.services.inbox.worker.drain();
      const [r] = await rows<{ n: number }>(
        sql`select (select count(*)::int from inbox_items where moderated_at is null and direction = 'in') + (select count(*)::int from inbox_events where status = 'pending') as n`,
      );
      if (r!.n === 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the inbox queue did not drain');
  };

  beforeAll(async () => {
    // Hides the engine decides go nowhere real: a closed local port.
    process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE = 'http://127.0.0.1:9';
    app = await startTestApp(kind);
    const { ente } = await createEnte(app, slug);
    smm = await login(app, `social_media_manager@${slug}.test`);
    red = await login(app, `redattore@${slug}.test`);
    fb = (await smm.post(`${base}/channels`, { ...channelBody('comune-fb', 'facebook_page'), url: 'https://facebook.com/comune' })).json<{ id: string }>().id;
    await app.services.channels.setCredentials(SYSTEM, ente.id, fb, JSON.stringify({ accessToken: 'page-token', account: { pageId: 'page1', appSecret: APP_SECRET } }));
  });
  afterAll(async () => {
    delete process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE;
    await app?.close();
  });

  test('a burst of alarmed comments through the inbox is a spike, with the inbox items behind it; a repeated false claim is marked', async () => {
    const now = new Date();
    const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    // Four weeks of the usual level on this channel (2–4 messages an hour), through the signals API.
    const history: { channelId: string; at: string; text: string }[] = [];
    for (let t = hour - 4 * 7 * 24 * 3_600_000; t < hour; t += 3_600_000) {
      for (let i = 0; i < 2 + ((t / 3_600_000) % 3); i++) history.push({ channelId: fb, at: new Date(t + i * 1000).toISOString(), text: 'Quando apre la biblioteca?' });
    }
    for (let i = 0; i < history.length; i += 5000) expect((await smm.post(`${base}/crisis/signals`, { messages: history.slice(i, i + 5000) })).statusCode).toBe(200);

    const claim = await red.post(`${base}/fake-claims`, {
      claim: 'La diga di Suviana sta per crollare, evacuate Bologna',
      sourceUrl: 'https://www.protezionecivile.gov.it/it/comunicato-stampa/diga-suviana',
      sourceTitle: 'Dipartimento della Protezione Civile',
    });
    expect(claim.statusCode, claim.body).toBe(201);

    // This hour: 30 alarmed comments and one repeating the false claim, as signed webhooks; one re-sent.
    const at = new Date(Math.max(hour, now.getTime() - 60_000));
    const payloads = Array.from({ length: 30 }, (_, i) => comment(`Via Roma ${i + 1} è allagata, aiuto! Serve soccorso`, at));
    payloads.push(comment('Ho sentito che la diga di Suviana sta per crollare! Bisogna evacuare Bologna?', at));
    for (const p of payloads) expect((await deliver(p)).statusCode).toBeLessThan(300);
    expect((await deliver(payloads[0])).statusCode).toBeLessThan(300);
    await drain();

    const items = await rows<{ id: string; text: string }>(sql`select id, text from inbox_items where channel_id = ${fb} and direction = 'in'`);
    expect(items).toHaveLength(31);
    // Every stored item is one listening signal (the re-sent one too is counted once).
    const signalRefs = await rows<{ ref: string; alarmed: boolean }>(sql`select ref, alarmed from crisis_signal_messages where channel_id = ${fb} and ref is not null`);
    expect(signalRefs.map((r) => r.ref).sort()).toEqual(items.map((i) => i.id).sort());

    const s = await smm.get(`${base}/crisis/signals?since=${new Date(hour - 3_600_000).toISOString()}`);
    expect(s.statusCode, s.body).toBe(200);
    const body = s.json<{ suggestion: { declareCrisis: boolean } | null; spikes: { hour: string; total: number; negative: number; reasons: string[]; messages: { ref: string; text: string }[] }[] }>();
    expect(body.spikes.map((x) => Date.parse(x.hour))).toEqual([hour]);
    expect(body.spikes[0]!.total).toBe(31);
    expect(body.spikes[0]!.negative).toBeGreaterThanOrEqual(30);
    expect(body.spikes[0]!.reasons).toEqual(expect.arrayContaining(['volume', 'negative']));
    expect(body.suggestion?.declareCrisis).toBe(true);
    const byText = new Map(items.map((i) => [i.text, i.id]));
    for (const m of body.spikes[0]!.messages) expect(m.ref).toBe(byText.get(m.text));

    const list = (await red.get(`${base}/fake-claims`)).json<{ claims: { matches: { ref: string; text: string }[] }[] }>();
    expect(list.claims[0]!.matches.map((m) => m.text)).toEqual(['Ho sentito che la diga di Suviana sta per crollare! Bisogna evacuare Bologna?']);
    expect(list.claims[0]!.matches[0]!.ref).toBe(byText.get('Ho sentito che la diga di Suviana sta per crollare! Bisogna evacuare Bologna?'));
  });
});
