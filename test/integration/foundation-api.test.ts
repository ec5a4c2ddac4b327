import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { backends } from '../support/db.ts';
import { anonymous, channelBody, createEnte, login, PASSWORD, startTestApp, tokenClient, type TestApp } from '../support/app.ts';

describe.each(backends())('foundation API on %s', (kind) => {
  let app: TestApp;
  let ente: Awaited<ReturnType<typeof createEnte>>;
  const base = '/api/v1/enti/alfa';

  beforeAll(async () => {
    app = await startTestApp(kind);
    ente = await createEnte(app, 'alfa');
  });
  afterAll(async () => app?.close());

  test('status answers without login, with the database kind', async () => {
    const res = await anonymous(app).get('/api/v1/status');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { kind, ok: true } });
  });

  test('login, me, logout: the session cookie is HttpOnly and ends at logout', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ente.email('redattore'), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'redazione_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.headers['ratelimit-limit']).toBeDefined();
    const body = res.json();
    expect(body.enti).toEqual([expect.objectContaining({ slug: 'alfa', roles: ['redattore'] })]);
    // The UI shows actions from the permissions the server computes, never from a copy of its tables.
    expect(body.enti[0].permissions).toContain('posts.edit');
    expect(body.enti[0].permissions).not.toContain('channels.manage');
    const headers = { cookie: `redazione_sid=${cookie.value}`, 'x-csrf-token': body.csrfToken };
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200);
    expect((await app.server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
  });

  test('wrong password is a 401 problem in the requested language, and no cookie', async () => {
    for (const [lang, text] of [
      ['it', 'Email o password errate.'],
      ['en', 'Wrong email or password.'],
    ]) {
      const res = await anonymous(app, lang).post('/api/v1/auth/login', { email: ente.email('redattore'), password: 'sbagliata' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 401, code: 'invalid_credentials', detail: text });
      expect(res.cookies).toHaveLength(0);
    }
  });

  test('without credentials every Ente route is a 401 problem', async () => {
    const res = await anonymous(app).get(`${base}/channels`);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });

  test('an unsafe request with the session cookie but no CSRF token is refused', async () => {
    const admin = await login(app, ente.email('amministratore'));
    const res = await admin.request('POST', `${base}/channels`, channelBody('senza-csrf'), { 'x-csrf-token': 'falso' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    expect((await admin.get(`${base}/channels`)).json().channels.map((c: { handle: string }) => c.handle)).not.toContain('senza-csrf');
  });

  test('create a channel, list it, read it; a duplicate handle is a 409 and nothing is written', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const created = await smm.post(`${base}/channels`, channelBody('AllerteAlfa'));
    expect(created.statusCode).toBe(201);
    const ch = created.json();
    expect(ch).toMatchObject({ platform: 'telegram', handle: 'AllerteAlfa', status: 'attivo', credentials: { configured: false } });
    const list = (await smm.get(`${base}/channels`)).json().channels;
    expect(list.map((c: { id: string }) => c.id)).toContain(ch.id);
    expect((await smm.get(`${base}/channels/${ch.id}`)).json().name).toBe('Canale AllerteAlfa');

    const dup = await smm.post(`${base}/channels`, { ...channelBody('@allertealfa'), name: 'Altro' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'duplicate_channel' });
    expect(dup.json().detail).toContain('allertealfa');
    const after = (await smm.get(`${base}/channels`)).json().channels;
    expect(after).toHaveLength(list.length);
  });

  test('bad input is a 400 listing the fields, in Italian and English, never a 500', async () => {
    const smm = await login(app, ente.email('social_media_manager'), PASSWORD, 'en');
    const res = await smm.post(`${base}/channels`, { platform: 'myspace', handle: '', url: 'ftp://x', name: 'N' });
    expect(res.statusCode).toBe(400);
    const p = res.json();
    expect(p.code).toBe('validation_failed');
    expect(p.detail).toMatch(/not valid/);
    const fields = p.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['platform', 'handle', 'url', 'name', 'purpose', 'audience']));
    expect(p.errors.find((e: { field: string }) => e.field === 'purpose').code).toBe('required');

    const it = await (await login(app, ente.email('social_media_manager'))).post(`${base}/channels`, {});
    expect(it.json().detail).toMatch(/non sono validi/);
    expect(it.json().errors.find((e: { field: string }) => e.field === 'platform').message).toBe('Campo obbligatorio.');

    const malformed = await smm.request('POST', `${base}/channels`, undefined, { 'content-type': 'application/json' });
    expect([400, 415]).toContain(malformed.statusCode);
    const notJson = await smm.request('POST', `${base}/channels`, undefined, { 'content-type': 'text/plain' });
    expect(notJson.statusCode).toBe(415);
    expect(notJson.json().code).toBe('unsupported_media_type');
  });

  test('roles: a redattore can read channels but not create them (403 problem)', async () => {
    const red = await login(app, ente.email('redattore'));
    expect((await red.get(`${base}/channels`)).statusCode).toBe(200);
    const res = await red.post(`${base}/channels`, channelBody('non-permesso'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect((await red.get(`${base}/audit`)).statusCode).toBe(403);
    expect((await red.patch(base, { name: 'Nuovo nome' })).statusCode).toBe(403);
  });

  test('update a channel with optimistic locking: a stale version is a 409', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const ch = (await smm.post(`${base}/channels`, channelBody('versioni'))).json();
    const ok = await smm.patch(`${base}/channels/${ch.id}`, { purpose: 'Nuova finalità dichiarata', version: ch.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(ch.version + 1);
    const stale = await smm.patch(`${base}/channels/${ch.id}`, { purpose: 'Altra finalità', version: ch.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await smm.get(`${base}/channels/${ch.id}`)).json().purpose).toBe('Nuova finalità dichiarata');
  });

  test('custody names people of the Ente; an outsider is a field error', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const ch = (await smm.post(`${base}/channels`, channelBody('custodia'))).json();
    const ok = await smm.patch(`${base}/channels/${ch.id}`, {
      custody: { holders: [ente.people.social_media_manager], editors: [ente.people.amministratore], rotatedOn: '2026-10-01' },
    });
    expect(ok.json().custody).toEqual({ holders: [ente.people.social_media_manager], editors: [ente.people.amministratore], rotatedOn: '2026-10-01' });
    const bad = await smm.patch(`${base}/channels/${ch.id}`, { custody: { holders: ['00000000-0000-4000-8000-000000000000'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('custody.holders.0');
  });

  test('credentials are sealed at rest, never returned, never in the audit trail', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const ch = (await smm.post(`${base}/channels`, channelBody('segreti'))).json();
    const secret = 'token-segretissimo-123456';
    const res = await smm.put(`${base}/channels/${ch.id}/credentials`, { secret });
    expect(res.statusCode).toBe(200);
    expect(res.json().credentials.configured).toBe(true);
    expect(res.body).not.toContain(secret);
    expect((await smm.get(`${base}/channels`)).body).not.toContain(secret);
    const raw = await app.database.db.execute(sql`select * from channel_secrets`);
    expect(JSON.stringify(raw)).not.toContain(secret);
    expect(await app.services.channels.readCredentials(ente.ente.id, ch.id)).toBe(secret);
    const audit = await (await login(app, ente.email('amministratore'))).get(`${base}/audit?limit=500`);
    expect(audit.body).not.toContain(secret);
    expect(audit.json().events.map((e: { action: string }) => e.action)).toContain('channel.credentials.set');
  });

  test('the Ente: administrators update it; a stale version is a 409; a parent Ente is linked', async () => {
    await app.services.organisation.createEnte({ id: null, label: 'test' }, { slug: 'provincia-alfa', name: 'Provincia Alfa', type: 'provincia' });
    const admin = await login(app, ente.email('amministratore'));
    const e = (await admin.get(base)).json();
    const res = await admin.patch(base, { codiceIpa: 'c_a001', parentSlug: 'provincia-alfa', version: e.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ codiceIpa: 'c_a001', parent: { slug: 'provincia-alfa' }, timeZone: 'Europe/Rome' });
    expect((await admin.patch(base, { name: 'Comune Alfa', version: e.version })).statusCode).toBe(409);
    expect((await admin.patch(base, { timeZone: 'Europe/Atlantide' })).statusCode).toBe(400);
  });

  test('people: add with a one-time temporary password, change roles, the last administrator stays', async () => {
    const admin = await login(app, ente.email('amministratore'));
    const res = await admin.post(`${base}/people`, { email: 'nuova@alfa.test', name: 'Nuova Persona', roles: ['redattore', 'approvatore'] });
    expect(res.statusCode).toBe(201);
    const { temporaryPassword, userId } = res.json();
    expect(temporaryPassword).toMatch(/^.{12,}$/);
    const nuova = await login(app, 'nuova@alfa.test', temporaryPassword);
    expect((await nuova.get('/api/v1/me')).json().enti[0].roles).toEqual(['redattore', 'approvatore']);
    expect((await admin.post(`${base}/people`, { email: 'NUOVA@alfa.test', name: 'Doppia', roles: ['redattore'] })).statusCode).toBe(409);
    expect((await admin.patch(`${base}/people/${userId}`, { roles: ['osservatore'] })).json().roles).toEqual(['osservatore']);
    const last = await admin.patch(`${base}/people/${ente.people.amministratore}`, { roles: ['redattore'] });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('last_admin');
    expect((await admin.post(`${base}/people`, { email: 'x@alfa.test', name: 'X', roles: ['sindaco'] })).statusCode).toBe(400);
  });

  test('desks: the five desks exist; lead and members are people of the Ente', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const desks = (await smm.get(`${base}/desks`)).json().desks;
    expect(desks.map((d: { key: string }) => d.key).sort()).toEqual(['campagne', 'interna', 'partecipazione', 'stampa', 'urp']);
    const urp = desks.find((d: { key: string }) => d.key === 'urp');
    const res = await smm.patch(`${base}/desks/${urp.id}`, { leadUserId: ente.people.redattore, memberIds: [ente.people.osservatore] });
    expect(res.statusCode).toBe(200);
    expect(res.json().lead.userId).toBe(ente.people.redattore);
    expect(res.json().members.map((m: { userId: string }) => m.userId).sort()).toEqual([ente.people.redattore, ente.people.osservatore].sort());
    const people = (await smm.get(`${base}/people`)).json().people;
    expect(people.find((p: { userId: string }) => p.userId === ente.people.osservatore).desks).toContain('urp');
  });

  test('API tokens authenticate automation without CSRF, for their Ente only', async () => {
    const bot = await tokenClient(app, ente.email('social_media_manager'), 'alfa');
    const res = await bot.post(`${base}/channels`, channelBody('da-token'));
    expect(res.statusCode).toBe(201);
    expect((await bot.get('/api/v1/me')).json().via).toBe('token');
    const bad = await anonymous(app).request('GET', `${base}/channels`, undefined, { authorization: 'Bearer rdz_falso' });
    expect(bad.statusCode).toBe(401);
  });

  test('every change is in the audit trail with before and after; the chain verifies', async () => {
    const admin = await login(app, ente.email('amministratore'));
    const events = (await admin.get(`${base}/audit?entityType=channel&limit=500`)).json().events;
    const update = events.find((e: { action: string }) => e.action === 'channel.update');
    expect(update.before).toBeTruthy();
    expect(update.after).toBeTruthy();
    expect(update.actorLabel).toContain(ente.email('social_media_manager'));
    const verify = await admin.get(`${base}/audit/verify`);
    expect(verify.json()).toMatchObject({ ok: true });
    expect(verify.json().events).toBeGreaterThan(10);
  });

  test('the audit trail refuses UPDATE and DELETE; tampering done around the trigger is detected', async () => {
    const { db } = app.database;
    await expect(db.execute(sql`update audit_events set action = 'x' where ente_id = ${ente.ente.id}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_events where ente_id = ${ente.ente.id}`)).rejects.toThrow();
    // A superuser can still switch the trigger off: the hash chain is what catches it.
    await db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await db.execute(sql`update audit_events set after = '{"name":"falso"}'::jsonb where ente_id = ${ente.ente.id} and seq = 3`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    const admin = await login(app, ente.email('amministratore'));
    const verify = (await admin.get(`${base}/audit/verify`)).json();
    expect(verify).toMatchObject({ ok: false, brokenAt: 3 });
  });

  test('login is rate-limited per account with RateLimit headers and Retry-After', async () => {
    const email = ente.email('osservatore');
    let last;
    for (let i = 0; i < 6; i++) last = await anonymous(app).post('/api/v1/auth/login', { email, password: `sbagliata-${i}` });
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['ratelimit-remaining']).toBe('0');
    expect(last!.json().code).toBe('rate_limited');
    const right = await anonymous(app).post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(right.statusCode).toBe(429);
  });
});
