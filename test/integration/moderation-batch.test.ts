/**
 * Batch moderation on PGlite and PostgreSQL: `evaluateMany` decides like `evaluate` with the
 * rulebook read once, writes the decisions with one INSERT and audits them in one event that lists each
 * in the caller's transaction (a rollback leaves nothing); `eraseAuthorData` strips the text,
 * author and evidence of one person's decisions and nobody else's.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { createEnte, SYSTEM, type TestApp, startTestApp } from '../support/app.ts';
import { listAudit, verifyChain } from '../../src/modules/audit/index.ts';

type Rows = { rows: Record<string, unknown>[] };

describe.each(backends())('batch moderation on %s', (kind) => {
  let app: TestApp;
  let ente: Awaited<ReturnType<typeof createEnte>>['ente'];
  const q = async (query: ReturnType<typeof sql>) => ((await app.database.db.execute(query)) as unknown as Rows).rows;
  const at = new Date('2026-03-03T10:00:00+01:00'); // a Tuesday morning, within the hours

  beforeAll(async () => {
    app = await startTestApp(kind);
    ente = (await createEnte(app, 'modlotti')).ente;
  });
  afterAll(async () => app?.close());

  test('evaluateMany decides like evaluate, records in one go and audits every decision in the transaction', async () => {
    const { moderation } = app.services;
    const texts = ['Sei proprio un idiota, assessore', 'A che ora apre il centro di raccolta sabato?', 'Il mio IBAN è IT60X0542811101000000123456, mandate i soldi'];
    const single = [];
    for (const text of texts) single.push(await moderation.evaluate(SYSTEM, ente, { text, at }, { record: false, source: 'api' }));
    const m = await moderation.moderator(SYSTEM, ente);
    const decisions = await app.database.db.transaction((tx) =>
      moderation.evaluateMany(tx, m, texts.map((text, k) => ({ ref: `rif-${k}`, text, author: `autore-${k}`, at })), { source: 'cli', actor: SYSTEM }),
    );
    expect(decisions.map((d) => [d.decision, d.category, d.clause?.number ?? null])).toEqual(single.map((d) => [d.decision, d.category, d.clause?.number ?? null]));
    const rows = await q(sql`select id, item_ref, decision, source, rulebook_source, author, text from moderation_decisions where ente_id = ${ente.id} and source = 'cli' order by item_ref`);
    expect(rows).toEqual(decisions.map((d, k) => ({ id: d.id, item_ref: `rif-${k}`, decision: d.decision, source: 'cli', rulebook_source: m.rulebook.source, author: `autore-${k}`, text: texts[k] })));
    // Each stored explanation is its decision's own (they travel as a list of the distinct ones).
    const explained = await q(sql`select id, explanation from moderation_decisions where ente_id = ${ente.id} and source = 'cli'`);
    expect(new Map(explained.map((r) => [r.id, r.explanation]))).toEqual(new Map(decisions.map((d) => [d.id, d.explanation])));
    expect(new Set(decisions.map((d) => d.explanation.it)).size).toBeGreaterThan(1);
    // One audit event lists the batch's decisions, each with its item, decision, clause and category.
    const audit = await q(sql`select entity_type, after from audit_events where ente_id = ${ente.id} and action = 'moderation.decide.batch' order by seq`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_type: 'moderation_decision_batch',
      after: {
        source: 'cli',
        count: 3,
        ids: decisions.map((d) => d.id),
        rulebook: { source: m.rulebook.source },
        decisions: decisions.map((d, k) => ({ id: d.id, ref: `rif-${k}`, decision: d.decision, clause: d.clause?.number ?? null, category: d.category })),
      },
    });
    // The Registro, asked for one decision, finds the batch event that lists it (and no other).
    const found = await listAudit(app.database.db, ente.id, { entityId: decisions[1]!.id, limit: 10 });
    expect(found.map((e) => e.action)).toEqual(['moderation.decide.batch']);
    expect(await listAudit(app.database.db, ente.id, { entityId: crypto.randomUUID(), limit: 10 })).toEqual([]);
    expect(await verifyChain(app.database.db, ente.id)).toMatchObject({ ok: true, events: expect.any(Number) });

    // A rollback of the caller's transaction leaves neither decisions nor audit events.
    const before = (await q(sql`select count(*)::int as n from moderation_decisions`))[0]!.n;
    await expect(
      app.database.db.transaction(async (tx) => {
        await moderation.evaluateMany(tx, m, [{ ref: 'annullato', text: 'testo qualunque', at }], { source: 'cli', actor: SYSTEM });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await q(sql`select count(*)::int as n from moderation_decisions`))[0]!.n).toBe(before);
    expect(await verifyChain(app.database.db, ente.id)).toMatchObject({ ok: true });
  });

  test('eraseAuthorData strips one person’s decisions (by author key or by item) and nobody else’s', async () => {
    const { moderation } = app.services;
    const erased = await app.database.db.transaction((tx) => moderation.eraseAuthorData(tx, ente.id, { authorKey: 'autore-2', itemRefs: ['rif-0'] }, '[cancellato]'));
    expect(erased).toBe(2);
    const rows = await q(sql`select item_ref, text, author, evidence from moderation_decisions where ente_id = ${ente.id} and source = 'cli' order by item_ref`);
    expect(rows.map((r) => [r.item_ref, r.text, r.author])).toEqual([
      ['rif-0', '[cancellato]', null],
      ['rif-1', 'A che ora apre il centro di raccolta sabato?', 'autore-1'],
      ['rif-2', '[cancellato]', null],
    ]);
    expect(rows[0]!.evidence).toEqual([]);
    expect(rows[2]!.evidence).toEqual([]);
    // Nothing to erase: no error, nothing touched.
    expect(await app.database.db.transaction((tx) => moderation.eraseAuthorData(tx, ente.id, {}, '[x]'))).toBe(0);
  });
});
