import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { createEnte, login, startTestApp, type TestApp } from '../support/app.ts';
import { cli } from '../support/processes.ts';

describe.each(backends())('moderation by the Ente policy on %s', (kind) => {
  let app: TestApp;
  let ente: Awaited<ReturnType<typeof createEnte>>;
  const base = '/api/v1/enti/moda';

  beforeAll(async () => {
    app = await startTestApp(kind);
    ente = await createEnte(app, 'moda');
  });
  afterAll(async () => app?.close());

  test('an insult is hidden citing a clause of the Ente draft rulebook, with the evidence', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const rulebook = (await smm.get(`${base}/moderation/rulebook`)).json();
    const res = await smm.post(`${base}/moderation/evaluate`, { text: 'Sei proprio un idiota, assessore', post: 'Lavori in via Roma' });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ decision: 'hide', category: 'insulti', id: null, rulebook: { source: 'draft', version: null } });
    const clause = rulebook.clauses.find((c: { number: string }) => c.number === d.clause.number);
    expect(clause).toMatchObject({ category: 'insulti', title: d.clause.title });
    expect(d.evidence[0].text.toLowerCase()).toBe('idiota');
    expect(d.explanation.it).toContain(`Clausola ${d.clause.number}`);
  });

  test.each([
    ['il sindaco non ha fatto nulla per le buche, vergogna!'],
    ['Servizio pessimo, tre settimane per un certificato.'],
    ['Che schifo di buche in via Roma, quando le sistemate?'],
  ])('criticism of the administration is allowed: %s', async (text) => {
    const smm = await login(app, ente.email('social_media_manager'));
    expect((await smm.post(`${base}/moderation/evaluate`, { text })).json().decision).toBe('allow');
  });

  test('recorded decisions can be overridden by a person, with a reason, and both are audited', async () => {
    const red = await login(app, ente.email('redattore'));
    const d = (await red.post(`${base}/moderation/evaluate`, { text: 'Ecco il codice fiscale di mio padre RSSMRA85T10A562S, controllate voi', record: true })).json();
    expect(d.id).toMatch(/[0-9a-f-]{36}/);
    expect(d.category).toBe('dati_personali');
    const list = (await red.get(`${base}/moderation/decisions`)).json().decisions;
    expect(list[0]).toMatchObject({ id: d.id, decision: d.decision, effectiveDecision: d.decision, override: null });
    const o = await red.post(`${base}/moderation/decisions/${d.id}/override`, { decision: 'allow', reason: 'Il cittadino lo ha scritto per sé: lo avvisiamo in privato' });
    expect(o.statusCode).toBe(200);
    expect(o.json()).toMatchObject({ decision: d.decision, effectiveDecision: 'allow', override: { decision: 'allow', byName: 'redattore moda' } });
    expect((await red.post(`${base}/moderation/decisions/${d.id}/override`, { decision: 'allow', reason: '' })).statusCode).toBe(400);
    const admin = await login(app, ente.email('amministratore'));
    const actions = (await admin.get(`${base}/audit?entityType=moderation_decision`)).json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['moderation.override', 'moderation.decide']);
  });

  test('roles: an osservatore may ask why but not record; a proponente may not moderate', async () => {
    const oss = await login(app, ente.email('osservatore'));
    expect((await oss.post(`${base}/moderation/evaluate`, { text: 'ciao' })).statusCode).toBe(200);
    expect((await oss.post(`${base}/moderation/evaluate`, { text: 'ciao', record: true })).statusCode).toBe(403);
    const prop = await login(app, ente.email('proponente'));
    expect((await prop.post(`${base}/moderation/evaluate`, { text: 'ciao' })).statusCode).toBe(403);
  });

  test('bad input: empty text is allowed, huge or binary text never breaks, a missing text is a 400', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    expect((await smm.post(`${base}/moderation/evaluate`, { text: '' })).json().decision).toBe('allow');
    const huge = await smm.post(`${base}/moderation/evaluate`, { text: 'parola '.repeat(15_000) });
    expect(huge.statusCode).toBe(200);
    const binary = await smm.post(`${base}/moderation/evaluate`, { text: '\u0000\u0001\uFFFD'.repeat(1000) + 'Привет مرحبا 你好' });
    expect(binary.statusCode).toBe(200);
    const missing = await smm.post(`${base}/moderation/evaluate`, { post: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: 'text', code: 'required' });
  });
});

describe('redazione moderation eval', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-modcli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const input = [
    { id: 'a', text: 'Siete dei ladri e dei cretini' },
    { id: 'b', text: 'A che ora apre il centro di raccolta sabato?' },
    { id: 'c', text: 'Il mio IBAN è IT60X0542811101000000123456, mandate i soldi' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');

  test('without --ente it applies the starter kit rulebook: one JSON line per input', () => {
    const r = cli(['moderation', 'eval'], { REDAZIONE_DATA_DIR: dir }, input);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; decision: string; category: string | null; clause: unknown });
    expect(out.map((o) => [o.id, o.decision])).toEqual([
      ['a', 'hide'],
      ['b', 'allow'],
      ['c', 'hide'],
    ]);
    expect(out[2]!.category).toBe('dati_personali');
    expect(out[0]!.clause).toBeTruthy();
  });

  test("with --ente it applies that Ente's rulebook from the database, from a file", { timeout: 180_000 }, () => {
    const env = { REDAZIONE_DATA_DIR: dir };
    expect(cli(['ente', 'create', '--slug', 'comune-mod', '--name', 'Comune Mod', '--type', 'comune'], env).status).toBe(0);
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, `${input}\n{rotto\n`);
    const r = cli(['moderation', 'eval', '--ente', 'comune-mod', '--file', file], env);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string | null; decision?: string; error?: string });
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => l.decision)).toEqual(['hide', 'allow', 'hide']);
    expect(lines[3]!.error).toMatch(/riga non valida/);
    expect(r.status).toBe(1);
  });
});
