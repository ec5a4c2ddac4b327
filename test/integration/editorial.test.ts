/**
 * The editorial workflow through the HTTP API, on PGlite and PostgreSQL: proposal, variants,
 * checks, four-eyes approval, invalidation by an edit, rejection, scheduling, par condicio,
 * media uploads checked on their bytes, the calendar and its iCalendar and CSV exports.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, PASSWORD, startTestApp, SYSTEM, type Client, type TestApp } from '../support/app.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 3)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(64, 4)]);
const DAY = 86_400_000;

const inDays = (n: number, hour = 9) => {
  const d = new Date(Date.now() + n * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

describe.each(backends())('editorial workflow on %s', (kind) => {
  let app: TestApp;
  let ente: Awaited<ReturnType<typeof createEnte>>;
  const base = '/api/v1/enti/redazione';
  let c: Record<'smm' | 'red' | 'prop' | 'appr' | 'appr2' | 'obs' | 'admin', Client>;
  let tg: string;
  let x: string;
  let ig: string;

  beforeAll(async () => {
    app = await startTestApp(kind);
    ente = await createEnte(app, 'redazione');
    // One person who is both redattore and approvatore: four eyes must still hold for them.
    await app.services.organisation.addPerson(SYSTEM, ente.ente.id, { email: 'doppio@redazione.test', name: 'Doppio Ruolo', roles: ['redattore', 'approvatore'], password: PASSWORD });
    c = {
      smm: await login(app, ente.email('social_media_manager')),
      red: await login(app, ente.email('redattore')),
      prop: await login(app, ente.email('proponente')),
      appr: await login(app, ente.email('approvatore')),
      appr2: await login(app, 'doppio@redazione.test'),
      obs: await login(app, ente.email('osservatore')),
      admin: await login(app, ente.email('amministratore')),
    };
    tg = (await c.smm.post(`${base}/channels`, channelBody('RedazioneAvvisi'))).json().id;
    x = (await c.smm.post(`${base}/channels`, { ...channelBody('RedazioneX', 'x'), url: 'https://x.com/RedazioneX' })).json().id;
    ig = (await c.smm.post(`${base}/channels`, { ...channelBody('redazione.ig', 'instagram'), url: 'https://instagram.com/redazione.ig' })).json().id;
  });
  afterAll(async () => app?.close());

  /** Raw upload with the session of a logged-in client. */
  async function rawUpload(who: 'prop' | 'red' | 'obs', bytes: Buffer, type: string, query: string) {
    const email = who === 'prop' ? ente.email('proponente') : who === 'red' ? ente.email('redattore') : ente.email('osservatore');
    const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = res.cookies.find((k) => k.name === 'redazione_sid')!.value;
    return app.server.inject({
      method: 'POST',
      url: `${base}/media?${query}`,
      payload: bytes,
      headers: { cookie: `redazione_sid=${cookie}`, 'x-csrf-token': res.json().csrfToken, 'content-type': type, 'accept-language': 'it' },
    });
  }

  async function counts() {
    const m = await app.database.db.execute(sql`select (select count(*)::int from media) as media, (select count(*)::int from media_blobs) as blobs`);
    const rows = (m as unknown as { rows: { media: number; blobs: number }[] }).rows;
    return rows[0]!;
  }

  async function newPost(variants: { channelId: string; text: string; mediaIds?: string[]; link?: string | null }[], title = 'Chiusura scuole per neve') {
    const p = (await c.red.post(`${base}/proposals`, { title, body: 'Testo della proposta' })).json();
    const res = await c.red.patch(`${base}/posts/${p.id}`, { version: p.version, variants });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  test('a file that is not an image or video, or too large, is refused with a clear problem and nothing is stored', async () => {
    const before = await counts();
    const fake = await rawUpload('prop', Buffer.from('%PDF-1.7 non sono una immagine'), 'image/png', 'filename=delibera.png');
    expect(fake.statusCode).toBe(415);
    expect(fake.headers['content-type']).toContain('application/problem+json');
    expect(fake.json()).toMatchObject({ code: 'media_type_not_allowed' });
    expect(fake.json().detail).toContain('delibera.png');

    const pdf = await rawUpload('prop', Buffer.from('%PDF-1.7'), 'application/pdf', 'filename=atto.pdf');
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().code).toBe('media_type_not_allowed');

    const matroska = await rawUpload('red', Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from('matroska'), Buffer.alloc(20)]), 'video/webm', 'filename=film.mkv');
    expect(matroska.statusCode).toBe(415);

    const big = Buffer.concat([PNG, Buffer.alloc(9 * 1024 * 1024)]);
    const tooLarge = await rawUpload('prop', big, 'image/png', 'filename=manifesto.png');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('media_too_large');
    expect(tooLarge.json().detail).toMatch(/manifesto\.png.*8 MB/);

    // Declared as a video (higher limit) but really an image: judged as an image.
    const disguised = await rawUpload('red', Buffer.concat([JPEG, Buffer.alloc(9 * 1024 * 1024)]), 'video/mp4', 'filename=foto.mp4');
    expect(disguised.statusCode).toBe(413);
    expect(disguised.json().detail).toContain('immagini');

    const observer = await rawUpload('obs', PNG, 'image/png', 'filename=x.png');
    expect(observer.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  test('an accepted upload is typed by its bytes, deduplicated, readable back and audited', async () => {
    const gif = await rawUpload('red', GIF, 'image/png', 'filename=animazione.png&alt=Una%20bandiera%20che%20sventola');
    expect(gif.statusCode, gif.body).toBe(201);
    expect(gif.json()).toMatchObject({ mime: 'image/gif', kind: 'image', size: GIF.length, altText: 'Una bandiera che sventola' });
    const again = await rawUpload('red', GIF, 'image/gif', 'filename=copia.gif');
    expect(again.json().sha256).toBe(gif.json().sha256);
    const content = await c.obs.get(`${base}/media/${gif.json().id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('image/gif');
    expect(Buffer.compare(content.rawPayload, GIF)).toBe(0);
    const video = await rawUpload('red', MP4, 'video/mp4', 'filename=intervista.mp4&captions=true');
    expect(video.json()).toMatchObject({ mime: 'video/mp4', kind: 'video', hasCaptions: true });
    const audit = (await c.admin.get(`${base}/audit?entityType=media`)).json();
    expect(JSON.stringify(audit)).toContain('media.upload');
  });

  test('the whole path: proposal, variants, blocking findings that name the image and the limit, four eyes, approval, scheduling', async () => {
    // The proponente proposes with an image without alt text, and "let the redazione decide".
    const img = (await rawUpload('prop', PNG, 'image/png', 'filename=neve-scuole.png')).json();
    const created = await c.prop.post(`${base}/proposals`, {
      title: 'Scuole chiuse per neve',
      body: 'Domani le scuole restano chiuse per la neve.',
      service: 'Servizio Istruzione',
      desiredAt: inDays(2),
      mediaIds: [img.id],
      links: ['https://www.comune.esempio.it/neve'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const proposal = created.json();
    expect(proposal).toMatchObject({ status: 'proposta', letRedazioneDecide: true, service: 'Servizio Istruzione', author: { name: 'proponente redazione' } });

    // The proponente sees it in their proposals, with its status; cannot approve, schedule or write variants.
    const mine = (await c.prop.get(`${base}/proposals`)).json();
    expect(mine.posts.map((p: { id: string }) => p.id)).toEqual([proposal.id]);
    expect((await c.prop.post(`${base}/posts/${proposal.id}/approve`, {})).statusCode).toBe(403);
    expect((await c.prop.post(`${base}/posts/${proposal.id}/schedule`, { schedules: [{ channelId: tg, at: inDays(3) }] })).statusCode).toBe(403);
    expect((await c.prop.patch(`${base}/posts/${proposal.id}`, { version: proposal.version, variants: [] })).statusCode).toBe(403);

    // A redattore takes it: one variant per channel; X gets a text over 280 characters.
    const long = `${'Neve: scuole chiuse domani in tutto il territorio comunale. '.repeat(5)}`;
    const taken = await c.red.patch(`${base}/posts/${proposal.id}`, {
      version: proposal.version,
      variants: [
        { channelId: tg, text: 'Domani, 12 gennaio, le scuole restano chiuse per neve. Informazioni: https://www.comune.esempio.it/neve', mediaIds: [img.id] },
        { channelId: x, text: long },
      ],
    });
    expect(taken.statusCode, taken.body).toBe(200);
    const post = taken.json();
    expect(post.status).toBe('in_lavorazione');
    const xv = post.variants.find((v: { channelId: string }) => v.channelId === x);
    expect(xv.preview).toMatchObject({ limit: 280, overflow: true });

    // The checks: findings per variant with rule id, severity, message and span.
    const checked = (await c.red.post(`${base}/posts/${post.id}/check`, {})).json();
    expect(checked.blocking).toBe(true);
    const xFindings = checked.results.find((r: { channelId: string }) => r.channelId === x).findings;
    const over = xFindings.find((f: { ruleId: string }) => f.ruleId === 'length.over_limit');
    expect(over).toMatchObject({ severity: 'blocking', span: { start: expect.any(Number), end: long.length } });

    // Submission is refused, listing the image by name and the X limit with its overflow; nothing changes.
    const refused = await c.red.post(`${base}/posts/${post.id}/submit`, {});
    expect(refused.statusCode).toBe(422);
    const problem = refused.json();
    expect(problem.code).toBe('blocking_findings');
    const messages = problem.errors.map((e: { message: string }) => e.message).join('\n');
    expect(messages).toContain('neve-scuole.png');
    expect(messages).toMatch(/supera di \d+ caratteri il limite di 280/);
    expect(problem.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining(['a11y.missing_alt', 'length.over_limit']));
    const en = await (await login(app, ente.email('redattore'), PASSWORD, 'en')).post(`${base}/posts/${post.id}/submit`, {});
    expect(en.json().errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/The image "neve-scuole.png" has no alt text/);
    expect((await c.red.get(`${base}/posts/${post.id}`)).json()).toMatchObject({ status: 'in_lavorazione', version: post.version });

    // Fix: alt text on the image, a shorter X text.
    const fixedImg = await c.red.patch(`${base}/media/${img.id}`, { altText: 'Una scuola coperta di neve', version: img.version });
    expect(fixedImg.statusCode).toBe(200);
    const fixed = (
      await c.red.patch(`${base}/posts/${post.id}`, {
        version: post.version,
        variants: [post.variants.find((v: { channelId: string }) => v.channelId === tg), { channelId: x, text: 'Domani scuole chiuse per neve. https://www.comune.esempio.it/neve' }].map(
          (v: { channelId: string; text: string; media?: { id: string }[] }) => ({ channelId: v.channelId, text: v.text, mediaIds: (v.media ?? []).map((m) => m.id) }),
        ),
      })
    ).json();
    const submitted = await c.red.post(`${base}/posts/${post.id}/submit`, { version: fixed.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().post.status).toBe('in_approvazione');

    // Four eyes: the redattore cannot approve (no role); the author proposer neither.
    expect((await c.red.post(`${base}/posts/${post.id}/approve`, {})).statusCode).toBe(403);

    const approved = await c.appr.post(`${base}/posts/${post.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approvato');
    expect(approved.json().variants.every((v: { approvals: unknown[]; approvalsMissing: number }) => v.approvals.length === 1 && v.approvalsMissing === 0)).toBe(true);

    // Scheduling: in the past is refused; per channel in the future makes it programmato.
    const past = await c.red.post(`${base}/posts/${post.id}/schedule`, { schedules: [{ channelId: tg, at: inDays(-1) }] });
    expect(past.statusCode).toBe(400);
    const half = await c.red.post(`${base}/posts/${post.id}/schedule`, { schedules: [{ channelId: tg, at: inDays(2, 7) }] });
    expect(half.json().status).toBe('approvato');
    const full = await c.red.post(`${base}/posts/${post.id}/schedule`, { schedules: [{ channelId: x, at: inDays(2, 8) }] });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().status).toBe('programmato');
    expect(full.json().variants.map((v: { status: string }) => v.status)).toEqual(['programmato', 'programmato']);

    // The proponente follows the status of their proposal.
    expect((await c.prop.get(`${base}/posts/${post.id}`)).json().status).toBe('programmato');

    // Everything is in the audit trail.
    const audit = (await c.admin.get(`${base}/audit?entityType=post&entityId=${post.id}`)).json();
    const actions = audit.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['post.propose', 'post.update', 'post.submit', 'post.approve', 'post.schedule']));
  });

  test('self-approval is refused even for someone holding the approvatore role, with a clear problem', async () => {
    const p = (await c.appr2.post(`${base}/proposals`, { title: 'Avviso mercato', body: 'Il mercato si sposta.' })).json();
    const edited = (await c.appr2.patch(`${base}/posts/${p.id}`, { version: p.version, variants: [{ channelId: tg, text: 'Sabato il mercato si sposta in piazza Garibaldi.' }] })).json();
    expect((await c.appr2.post(`${base}/posts/${p.id}/submit`, { version: edited.version })).statusCode).toBe(200);
    const self = await c.appr2.post(`${base}/posts/${p.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'self_approval' });
    expect(self.json().detail).toContain('quattro occhi');
    expect((await c.appr.get(`${base}/posts/${p.id}`)).json().status).toBe('in_approvazione');

    // Someone else's edit: the doppio-ruolo approver edited last, so still excluded; another approver can approve.
    expect((await c.appr.post(`${base}/posts/${p.id}/approve`, {})).json().status).toBe('approvato');
  });

  test('an edit after approval drops the approvals and returns the post to in_lavorazione', async () => {
    const post = await newPost([{ channelId: tg, text: 'Lunedì riapre la biblioteca comunale.' }]);
    const sub = (await c.red.post(`${base}/posts/${post.id}/submit`, {})).json().post;
    const ok = (await c.appr.post(`${base}/posts/${post.id}/approve`, { version: sub.version })).json();
    expect(ok.status).toBe('approvato');

    // A non-content change (the desk) keeps the approval.
    const desks = (await c.admin.get(`${base}/desks`)).json().desks;
    const deskOnly = (await c.red.patch(`${base}/posts/${post.id}`, { version: ok.version, deskId: desks[0].id })).json();
    expect(deskOnly.status).toBe('approvato');

    const changed = await c.red.patch(`${base}/posts/${post.id}`, { version: deskOnly.version, variants: [{ channelId: tg, text: 'Martedì riapre la biblioteca comunale.' }] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'in_lavorazione', approvedAt: null });
    expect(changed.json().variants[0]).toMatchObject({ approvals: [], approvalsMissing: 1, status: 'bozza' });
    // Scheduling now is refused: it is no longer approved.
    const sched = await c.red.post(`${base}/posts/${post.id}/schedule`, { schedules: [{ channelId: tg, at: inDays(3) }] });
    expect(sched.statusCode).toBe(409);
    expect(sched.json().code).toBe('invalid_transition');
    const audit = (await c.admin.get(`${base}/audit?entityType=post&entityId=${post.id}`)).json();
    expect(audit.events[0].after.approvalsInvalidated).toBe(1);
  });

  test('optimistic locking: a stale version is a 409 and does not overwrite', async () => {
    const post = await newPost([{ channelId: tg, text: 'Prima versione.' }]);
    const ok = await c.red.patch(`${base}/posts/${post.id}`, { version: post.version, title: 'Titolo nuovo' });
    expect(ok.statusCode).toBe(200);
    const stale = await c.smm.patch(`${base}/posts/${post.id}`, { version: post.version, title: 'Titolo vecchio' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await c.red.get(`${base}/posts/${post.id}`)).json().title).toBe('Titolo nuovo');
  });

  test('two approvals per channel when the Ente requires them; reject sends it back with a comment', async () => {
    const settings = (await c.admin.get(`${base}/editorial-settings`)).json();
    expect((await c.red.patch(`${base}/editorial-settings`, { approvalsRequired: 2, version: settings.version })).statusCode).toBe(403);
    const set = await c.admin.patch(`${base}/editorial-settings`, { approvalsRequired: 2, version: settings.version });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const post = await newPost([{ channelId: tg, text: 'Raccolta rifiuti: nuovo calendario da lunedì.' }]);
      await c.red.post(`${base}/posts/${post.id}/submit`, {});
      const first = (await c.appr.post(`${base}/posts/${post.id}/approve`, {})).json();
      expect(first).toMatchObject({ status: 'in_approvazione', approvalsRequired: 2 });
      expect(first.variants[0].approvalsMissing).toBe(1);
      const twice = await c.appr.post(`${base}/posts/${post.id}/approve`, {});
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('already_approved');
      expect((await c.appr2.post(`${base}/posts/${post.id}/approve`, {})).json().status).toBe('approvato');

      const other = await newPost([{ channelId: tg, text: 'Testo da rivedere.' }]);
      await c.red.post(`${base}/posts/${other.id}/submit`, {});
      await c.appr.post(`${base}/posts/${other.id}/approve`, {});
      expect((await c.appr.post(`${base}/posts/${other.id}/reject`, { comment: '' })).statusCode).toBe(400);
      const rejected = await c.appr2.post(`${base}/posts/${other.id}/reject`, { comment: 'Manca il riferimento all’ordinanza.' });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json().post.status).toBe('rifiutato');
      expect(rejected.json().post.variants[0].approvals).toEqual([]);
      const comments = (await c.red.get(`${base}/posts/${other.id}/comments`)).json().comments;
      expect(comments).toEqual([expect.objectContaining({ kind: 'rejection', body: 'Manca il riferimento all’ordinanza.' })]);
      const back = (await c.red.patch(`${base}/posts/${other.id}`, { version: rejected.json().post.version, variants: [{ channelId: tg, text: 'Testo rivisto, ordinanza n. 12.' }] })).json();
      expect(back.status).toBe('in_lavorazione');
    } finally {
      const now = (await c.admin.get(`${base}/editorial-settings`)).json();
      await c.admin.patch(`${base}/editorial-settings`, { approvalsRequired: 1, version: now.version });
    }
  });

  test('comments: staff discuss a post; a proponente cannot see or comment on others’ posts; an observer cannot comment', async () => {
    const post = await newPost([{ channelId: tg, text: 'Avviso di prova.' }]);
    const added = await c.appr.post(`${base}/posts/${post.id}/comments`, { body: 'Aggiungerei l’orario.' });
    expect(added.statusCode).toBe(201);
    expect((await c.red.get(`${base}/posts/${post.id}/comments`)).json().comments[0]).toMatchObject({ kind: 'comment', author: { name: 'approvatore redazione' } });
    expect((await c.obs.post(`${base}/posts/${post.id}/comments`, { body: 'x' })).statusCode).toBe(403);
    expect((await c.prop.get(`${base}/posts/${post.id}`)).statusCode).toBe(404);
    expect((await c.prop.post(`${base}/posts/${post.id}/comments`, { body: 'Io?' })).statusCode).toBe(404);
    expect((await c.prop.get(`${base}/posts`)).json().posts.every((p: { author: { id: string } }) => p.author.id === ente.people.proponente)).toBe(true);
  });

  test('par condicio: a post in an electoral period is blocked until marked impersonal and indispensable with a reason', async () => {
    const start = inDays(20).slice(0, 10);
    const end = inDays(40).slice(0, 10);
    expect((await c.red.post(`${base}/electoral-periods`, { name: 'Amministrative', start, end })).statusCode).toBe(403);
    const bad = await c.smm.post(`${base}/electoral-periods`, { name: 'Amministrative', start: end, end: start });
    expect(bad.statusCode).toBe(400);
    const period = await c.smm.post(`${base}/electoral-periods`, { name: 'Amministrative 2027', start, end, ballotDate: inDays(54).slice(0, 10) });
    expect(period.statusCode, period.body).toBe(201);
    expect(period.json()).toMatchObject({ effectiveEnd: inDays(54).slice(0, 10) });
    expect((await c.obs.get(`${base}/electoral-periods`)).json().periods).toHaveLength(1);

    const post = await newPost([{ channelId: tg, text: 'Aggiornamento sui lavori stradali in via Roma.', }]);
    const dated = (await c.red.patch(`${base}/posts/${post.id}`, { version: post.version, desiredAt: inDays(50) })).json();
    const refused = await c.red.post(`${base}/posts/${post.id}/submit`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { code: string }) => e.code)).toContain('par_condicio.period');
    const marked = (
      await c.red.patch(`${base}/posts/${post.id}`, {
        version: dated.version,
        parCondicio: { impersonal: true, indispensable: true, reason: 'Informazione di servizio sulla viabilità' },
      })
    ).json();
    expect(marked.parCondicio).toMatchObject({ impersonal: true, indispensable: true });
    expect((await c.red.post(`${base}/posts/${post.id}/submit`, {})).statusCode).toBe(200);

    // Scheduling into the period an unmarked post that was approved outside it is refused too.
    const other = await newPost([{ channelId: tg, text: 'Orari estivi degli uffici comunali.' }]);
    await c.red.post(`${base}/posts/${other.id}/submit`, {});
    await c.appr.post(`${base}/posts/${other.id}/approve`, {});
    const into = await c.red.post(`${base}/posts/${other.id}/schedule`, { schedules: [{ channelId: tg, at: inDays(25) }] });
    expect(into.statusCode).toBe(422);
    expect(into.json().errors[0].code).toBe('par_condicio.period');
    expect((await c.red.get(`${base}/posts/${other.id}`)).json().status).toBe('approvato');
  });

  test('calendar: month, week and list views with filters; holes flagged per channel threshold', async () => {
    // Instagram has nothing planned at all: it is a hole; its own threshold is 3 days.
    const s = (await c.smm.get(`${base}/editorial-settings`)).json();
    expect((await c.smm.patch(`${base}/editorial-settings`, { channelGapDays: { [ig]: 3 }, version: s.version })).statusCode).toBe(200);
    const day = inDays(2).slice(0, 10);
    const month = await c.obs.get(`${base}/calendar?view=month&date=${day}`);
    expect(month.statusCode, month.body).toBe(200);
    const cal = month.json();
    expect(cal.fromDay.slice(8)).toBe('01');
    expect(cal.entries.length).toBeGreaterThan(0);
    const scheduled = cal.entries.filter((e: { status: string }) => e.status === 'programmato');
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    expect(scheduled.every((e: { kind: string; channelId: string }) => e.kind === 'post' && e.channelId)).toBe(true);
    const igGap = cal.gaps.find((g: { channelId: string }) => g.channelId === ig);
    expect(igGap).toMatchObject({ gapDays: 3, open: true });

    const week = (await c.obs.get(`${base}/calendar?view=week&date=${day}`)).json();
    expect(new Date(`${week.fromDay}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(week.toDay).toBe(new Date(Date.parse(`${week.fromDay}T12:00:00Z`) + 6 * DAY).toISOString().slice(0, 10));

    const onlyX = (await c.obs.get(`${base}/calendar?view=month&date=${day}&channel=${x}&status=programmato`)).json();
    expect(onlyX.entries.length).toBeGreaterThan(0);
    expect(onlyX.entries.every((e: { channelId: string; status: string }) => e.channelId === x && e.status === 'programmato')).toBe(true);

    const list = (await c.prop.get(`${base}/calendar?view=list&from=${inDays(-1).slice(0, 10)}&to=${inDays(10).slice(0, 10)}`)).json();
    expect(list.view).toBe('list');
    expect(list.entries.some((e: { kind: string }) => e.kind === 'proposal') || list.entries.length > 0).toBe(true);
    expect((await c.obs.get(`${base}/calendar?view=year`)).statusCode).toBe(400);
  });

  test('calendar.ics is valid RFC 5545 (and parses with a real parser when available); calendar.csv has a row per post and channel', async () => {
    const res = await c.obs.get(`${base}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const ics = res.body;
    // Structure: CRLF only, folded lines ≤ 75 octets, balanced blocks, required properties.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
    const stack: string[] = [];
    for (const l of unfolded) {
      if (l.startsWith('BEGIN:')) stack.push(l.slice(6));
      if (l.startsWith('END:')) expect(stack.pop()).toBe(l.slice(4));
    }
    expect(stack).toEqual([]);
    const events = ics.replace(/\r\n /g, '').split('BEGIN:VEVENT').slice(1);
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const e of events) for (const prop of ['UID:', 'DTSTAMP:', 'DTSTART:']) expect(e).toContain(`\r\n${prop}`);
    expect(unfolded).toContain('VERSION:2.0');

    const probe = spawnSync('python3', ['-c', 'import icalendar'], { encoding: 'utf8' });
    if (probe.status === 0) {
      const file = path.join(os.tmpdir(), `rdz-${process.pid}.ics`);
      fs.writeFileSync(file, ics);
      const parsed = spawnSync(
        'python3',
        ['-c', "import sys,icalendar; c=icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()); ev=[e for e in c.walk('VEVENT')]; assert all(e.get('UID') and e.get('DTSTART') and e.get('DTSTAMP') for e in ev); print(len(ev))", file],
        { encoding: 'utf8' },
      );
      fs.rmSync(file, { force: true });
      expect(parsed.stderr).toBe('');
      expect(Number(parsed.stdout.trim())).toBe(events.length);
    }

    const csv = await c.obs.get(`${base}/calendar.csv?sep=semicolon`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('giorno;ora;istante_utc;tipo;stato;canale;piattaforma;titolo;testo;desk_id;post_id');
    expect(rows.length).toBeGreaterThan(2);
  });

  test('another Ente sees none of it', async () => {
    await createEnte(app, 'altro');
    const other = await login(app, 'amministratore@altro.test');
    expect((await other.get(`${base}/calendar`)).statusCode).toBe(404);
    const list = (await other.get('/api/v1/enti/altro/posts')).json();
    expect(list.total).toBe(0);
    const anyPost = (await c.red.get(`${base}/posts?limit=1`)).json().posts[0].id;
    expect((await other.get(`/api/v1/enti/altro/posts/${anyPost}`)).statusCode).toBe(404);
  });
});
