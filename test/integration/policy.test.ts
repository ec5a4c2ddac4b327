import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ENTE, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from '../../src/demo/seed.ts';
import { MODERATION_CATEGORIES } from '../../src/modules/policy/rulebook.ts';
import { backends } from '../support/db.ts';
import { anonymous, channelBody, createEnte, login, startTestApp, type Client, type TestApp } from '../support/app.ts';

const demoEmail = (role: string) => DEMO_PEOPLE.find((p) => (p.roles as readonly string[]).includes(role))!.email;

interface Doc {
  kind: string;
  title: string;
  sections: { key: string; title: string; body: string }[];
  clauses?: { number: string; title: string; category: string; action: string; text: string }[];
  channels?: { name: string; url: string }[];
}

describe.each(backends())('social media policy on %s', (kind) => {
  let app: TestApp;
  let ente: Awaited<ReturnType<typeof createEnte>>;
  const base = '/api/v1/enti/alfa';
  const ext = `${base}/policies/external`;
  let smm: Client;
  let approver: Client;

  beforeAll(async () => {
    app = await startTestApp(kind);
    await seedDemo(app.services);
    ente = await createEnte(app, 'alfa');
    smm = await login(app, ente.email('social_media_manager'));
    approver = await login(app, ente.email('approvatore'));
    expect((await smm.post(`${base}/channels`, channelBody('allerte-alfa'))).statusCode).toBe(201);
  });
  afterAll(async () => app?.close());

  test('the generated draft for the demo Comune has every section, every moderation category and its channels', async () => {
    const c = await login(app, demoEmail('redattore'), DEMO_PASSWORD);
    const res = await c.get(`/api/v1/enti/${DEMO_ENTE}/policies/external`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const doc = body.draft.document as Doc;
    expect(doc.title).toContain('Comune di Esempio');
    expect(doc.sections.map((s) => s.key)).toEqual(
      expect.arrayContaining(['finalita', 'canali', 'contenuti', 'comportamenti', 'moderazione', 'orari', 'copyright', 'gestione', 'privacy']),
    );
    const categories = new Set(doc.clauses!.map((cl) => cl.category));
    for (const cat of MODERATION_CATEGORIES.filter((x) => x !== 'altro')) expect(categories, cat).toContain(cat);
    for (const cl of doc.clauses!) expect(cl.number).toMatch(/^\d+\.\d+$/);
    expect(doc.sections.find((s) => s.key === 'privacy')!.body).toContain('C-210/16');
    expect(doc.channels!.map((ch) => ch.url)).toContain('https://www.facebook.com/ComunediEsempio');
    // The demo seed adopted it: version 1 is in force, the draft equals it.
    expect(body.inForce).toMatchObject({ number: 1, status: 'in_force', act: { type: 'delibera', number: '123' } });
    expect(body.draft.differsFromInForce).toBe(false);
    expect(body.review).toEqual({ needed: false, reasons: [] });

    const internal = (await c.get(`/api/v1/enti/${DEMO_ENTE}/policies/internal`)).json();
    const idoc = internal.draft.document as Doc;
    const text = idoc.sections.map((s) => s.body).join('\n');
    expect(idoc.sections.map((s) => s.key)).toEqual(expect.arrayContaining(['ruoli', 'credenziali', 'redazione_contenuti', 'analisi_backup', 'gruppo_lavoro', 'uso_personale', 'stile']));
    expect(text).toContain('11-bis');
    expect(text).toContain('Marco Bianchi'); // the social media manager, from the people registry
    expect(internal.inForce).toBeNull();
  });

  test('the internal policy is for the Ente staff only', async () => {
    expect((await anonymous(app).get(`${base}/policies/internal`)).statusCode).toBe(401);
    const outsider = await login(app, demoEmail('osservatore'), DEMO_PASSWORD);
    expect((await outsider.get(`${base}/policies/internal`)).statusCode).toBe(404);
    const obs = await login(app, ente.email('osservatore'));
    expect((await obs.get(`${base}/policies/internal`)).statusCode).toBe(200);
    expect((await obs.get(`${base}/policies/other`)).statusCode).toBe(400);
  });

  test('drafts: edits need the revision read; a stale one is a 409 and does not overwrite', async () => {
    const { draft } = (await smm.get(ext)).json();
    const doc = structuredClone(draft.document) as Doc;
    doc.sections[0]!.body = 'Testo modificato dal social media manager.';
    const first = await smm.put(`${ext}/draft`, { revision: draft.revision, document: doc });
    expect(first.statusCode).toBe(200);
    expect(first.json().revision).toBe(draft.revision + 1);

    const stale = structuredClone(draft.document) as Doc;
    stale.sections[0]!.body = 'Modifica concorrente basata sulla revisione vecchia.';
    const conflict = await smm.put(`${ext}/draft`, { revision: draft.revision, document: stale });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('version_conflict');
    expect((await smm.get(ext)).json().draft.document.sections[0].body).toBe('Testo modificato dal social media manager.');

    // Two simultaneous saves of the same revision: exactly one wins.
    const rev = (await smm.get(ext)).json().draft.revision;
    const admin = await login(app, ente.email('amministratore'));
    const [a, b] = await Promise.all([
      smm.put(`${ext}/draft`, { revision: rev, document: { ...doc, title: 'Titolo A' } }),
      admin.put(`${ext}/draft`, { revision: rev, document: { ...doc, title: 'Titolo B' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  test('drafts: bad documents are 400s naming the fields; only editors may edit', async () => {
    const { draft } = (await smm.get(ext)).json();
    const doc = structuredClone(draft.document) as Doc;
    doc.sections[1]!.key = doc.sections[0]!.key; // duplicate key: the kit's rule
    doc.clauses![0]!.category = 'blasfemia'; // not a category: zod's rule
    const res = await smm.put(`${ext}/draft`, { revision: draft.revision, document: doc });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('document.clauses.0.category');

    doc.clauses![0]!.category = 'insulti';
    const dup = await smm.put(`${ext}/draft`, { revision: draft.revision, document: doc });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors).toEqual([expect.objectContaining({ field: 'document.sections.1.key', code: 'invalid_value' })]);

    const wrongKind = await smm.put(`${base}/policies/internal/draft`, { revision: 1, document: draft.document });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors.map((e: { field: string }) => e.field)).toContain('document.kind');

    const red = await login(app, ente.email('redattore'));
    expect((await red.put(`${ext}/draft`, { revision: draft.revision, document: draft.document })).statusCode).toBe(403);
  });

  test('adoption: only an approvatore; an act without number or date is a 400 with field errors', async () => {
    const act = { type: 'delibera', number: '12', date: '2026-03-02' };
    for (const role of ['social_media_manager', 'amministratore', 'redattore']) {
      const c = await login(app, ente.email(role));
      const res = await c.post(`${ext}/adopt`, { act });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const missing = await approver.post(`${ext}/adopt`, { act: { type: 'delibera' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['act.number', 'act.date']));
    const blank = await approver.post(`${ext}/adopt`, { act: { type: 'determina', number: '  ', date: '2026-02-30' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['act.number', 'act.date']));
    const future = await approver.post(`${ext}/adopt`, { act: { ...act, date: '2999-01-01' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('act.date');
    const wrongType = await approver.post(`${ext}/adopt`, { act: { ...act, type: 'decreto' } });
    expect(wrongType.statusCode).toBe(400);
    expect((await approver.get(`${ext}/versions`)).json().versions).toEqual([]);
  });

  test('the rulebook falls back to the draft until a version is in force', async () => {
    const res = await approver.get(`${base}/moderation/rulebook`);
    expect(res.statusCode).toBe(200);
    const rb = res.json();
    expect(rb).toMatchObject({ source: 'draft', version: null, adoption: null });
    expect(rb.clauses.length).toBeGreaterThan(10);
    expect(rb.hours.schedule.days['1']).toEqual([{ from: '09:00', to: '18:00' }]);
  });

  test('adopting makes a new immutable version; the old one stays readable; diff and rulebook follow', async () => {
    const v1 = await approver.post(`${ext}/adopt`, { act: { type: 'delibera', number: '12', date: '2026-03-02' } });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ number: 1, status: 'in_force', act: { type: 'delibera', number: '12', date: '2026-03-02' } });
    expect(v1.json().sha256).toMatch(/^[0-9a-f]{64}$/);

    // Edit the draft: change the first clause's text, then adopt it as version 2.
    const { draft } = (await smm.get(ext)).json();
    const doc = structuredClone(draft.document) as Doc;
    doc.clauses![0]!.text = 'Sono rimossi i commenti che offendono le persone. Testo rivisto.';
    expect((await smm.put(`${ext}/draft`, { revision: draft.revision, document: doc })).statusCode).toBe(200);
    expect((await smm.get(ext)).json().draft.differsFromInForce).toBe(true);

    const staleAdopt = await approver.post(`${ext}/adopt`, { act: { type: 'determina', number: '7/2026', date: '2026-09-15' }, revision: draft.revision });
    expect(staleAdopt.statusCode).toBe(409);
    const v2 = await approver.post(`${ext}/adopt`, { act: { type: 'determina', number: '7/2026', date: '2026-09-15' } });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().number).toBe(2);

    const list = (await approver.get(`${ext}/versions`)).json().versions;
    expect(list.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'in_force'],
      [1, 'superseded'],
    ]);
    const old = await approver.get(`${ext}/versions/1`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ number: 1, status: 'superseded', act: { number: '12' } });
    expect(old.json().document.clauses[0].text).not.toContain('Testo rivisto');
    expect((await approver.get(`${ext}/versions/9`)).statusCode).toBe(404);

    const diff = (await approver.get(`${ext}/diff?from=1&to=2`)).json();
    expect(diff.diff.changed).toBe(true);
    expect(diff.diff.clauses.filter((c: { status: string }) => c.status === 'changed')).toEqual([
      expect.objectContaining({ number: doc.clauses![0]!.number, fields: ['text'] }),
    ]);
    expect((await approver.get(`${ext}/diff?from=2&to=draft`)).json().diff.changed).toBe(false);
    expect((await approver.get(`${ext}/diff?from=1&to=nessuna`)).statusCode).toBe(400);

    const rb = (await approver.get(`${base}/moderation/rulebook`)).json();
    expect(rb).toMatchObject({ source: 'in_force', version: 2, adoption: { type: 'determina', number: '7/2026' } });
    expect(rb.clauses[0]).toEqual(
      expect.objectContaining({ number: doc.clauses![0]!.number, title: expect.any(String), category: expect.any(String), action: expect.any(String), text: doc.clauses![0]!.text }),
    );
    const policy = (await smm.get(ext)).json();
    expect(policy.inForce.number).toBe(2);
  });

  test('an adopted version cannot be edited, through the API or in the database', async () => {
    const put = await smm.put(`${ext}/versions/1`, { document: {} });
    expect(put.statusCode).toBe(409);
    expect(put.json().code).toBe('policy_version_immutable');
    expect((await smm.delete(`${ext}/versions/1`)).statusCode).toBe(409);
    const { db } = app.services;
    const refusal = async (q: Promise<unknown>) => {
      try {
        await q;
        return 'accepted';
      } catch (e) {
        return String((e as { cause?: Error }).cause?.message ?? e);
      }
    };
    expect(await refusal(db.execute(sql`update policy_versions set act_number = 'x' where number = 1`))).toMatch(/immutable/);
    expect(await refusal(db.execute(sql`delete from policy_versions`))).toMatch(/immutable/);
    expect((await approver.get(`${ext}/versions/1`)).json().act.number).toBe('12');
  });

  test('"da rivedere": a channel added after adoption, or an act older than 12 months', async () => {
    expect((await smm.get(ext)).json().review).toEqual({ needed: false, reasons: [] });
    const ch = (await smm.post(`${base}/channels`, channelBody('nuovo-canale'))).json();
    expect((await smm.get(ext)).json().review).toEqual({ needed: true, reasons: [{ code: 'channels_added', channelIds: [ch.id] }] });

    const int = `${base}/policies/internal`;
    await smm.get(int);
    expect((await approver.post(`${int}/adopt`, { act: { type: 'determina', number: '1', date: '2025-01-10' } })).statusCode).toBe(201);
    expect((await smm.get(int)).json().review).toEqual({ needed: true, reasons: [{ code: 'older_than_12_months' }] });
  });

  test('every draft edit and adoption is in the audit trail', async () => {
    const admin = await login(app, ente.email('amministratore'));
    const events = (await admin.get(`${base}/audit?entityType=policy&limit=500`)).json().events as { action: string; entityId: string; actorLabel: string }[];
    const actions = events.map((e) => `${e.action} ${e.entityId}`);
    expect(actions).toEqual(expect.arrayContaining(['policy.draft.generate external', 'policy.draft.update external', 'policy.adopt external/v1', 'policy.adopt external/v2', 'policy.adopt internal/v1']));
    expect(events.find((e) => e.entityId === 'external/v2')!.actorLabel).toContain('approvatore@alfa.test');
    expect((await admin.get(`${base}/audit/verify`)).json().ok).toBe(true);
  });

  test('the public page, earlier versions, Markdown and PDF are served without login', async () => {
    const pub = anonymous(app);
    const page = await pub.get('/enti/alfa/social-media-policy');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="it">');
    expect(page.body).toContain('Comune di alfa');
    expect(page.body).toContain('Versione 2, in vigore');
    expect(page.body).toContain('determina n. 7/2026 del 15 settembre 2026');
    expect(page.body).toContain('href="/enti/alfa/social-media-policy/v/1"');
    expect(page.body).toContain('/static/bootstrap-italia/css/bootstrap-italia.min.css');
    expect(page.body).not.toMatch(/<script|https?:\/\/cdn/i);

    const old = await pub.get('/enti/alfa/social-media-policy/v/1');
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('non più in vigore');
    expect(old.body).toContain('delibera n. 12 del 2 marzo 2026');

    const md = await pub.get('/enti/alfa/social-media-policy.md');
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toMatch(/^# Titolo [AB]\n\nComune di alfa\. Policy esterna/); // the title the concurrent edit left
    expect(md.body).toContain('Testo rivisto');
    expect((await pub.get('/enti/alfa/social-media-policy/v/1.md')).body).not.toContain('Testo rivisto');

    const pdf = await pub.get('/enti/alfa/social-media-policy.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const file = path.join(os.tmpdir(), `rdz-policy-${process.pid}-${kind}.pdf`);
    fs.writeFileSync(file, pdf.rawPayload);
    try {
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+[1-9]/);
      expect(info).toContain('Comune di alfa');
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Versione 2. Adottata con determina n. 7/2026');
      expect(text).toContain('Testo rivisto');
    } finally {
      fs.rmSync(file, { force: true });
    }

    const css = await pub.get('/static/bootstrap-italia/css/bootstrap-italia.min.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  test('without a version in force the public page is an Italian 404 page; the internal policy is never public', async () => {
    await createEnte(app, 'beta');
    const pub = anonymous(app);
    for (const url of ['/enti/beta/social-media-policy', '/enti/beta/social-media-policy.pdf', '/enti/alfa/social-media-policy/v/99', '/enti/alfa/social-media-policy/v/abc', '/enti/ignoto/social-media-policy']) {
      const res = await pub.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('Pagina non trovata');
    }
    // The internal policy of alfa is in force, yet the public page shows the external one only.
    expect((await pub.get('/enti/alfa/social-media-policy')).body).not.toContain('Policy interna');
  });
});
