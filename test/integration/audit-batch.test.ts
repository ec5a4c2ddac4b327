/**
 * Appending many audit events at once (`appendAuditMany`, used by the publishing worker's batch
 * finish and the inbox's batch ingestion) writes the same chain as appending them one by one:
 * consecutive sequence numbers per Ente, each event chained to the previous one, and a chain
 * that `verifyChain` accepts, also when one batch mixes Enti and follows single appends.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { appendAudit, appendAuditMany, verifyChain } from '../../src/modules/audit/index.ts';
import { schema, type Database } from '../../src/platform/db/index.ts';
import { backends, freshDatabase } from '../support/db.ts';

describe.each(backends())('audit batch append on %s', (kind) => {
  let d: Database;
  const enti: string[] = [];
  beforeAll(async () => {
    d = await freshDatabase(kind);
    for (const slug of ['ente-a', 'ente-b']) {
      const [e] = await d.db.insert(schema.enti).values({ slug, name: slug, type: 'comune' }).returning();
      enti.push(e!.id);
    }
  });
  afterAll(async () => d?.close());

  test('a mixed batch after single appends chains like single appends', async () => {
    const [a, b] = enti as [string, string];
    const actor = { id: null, label: 'test' };
    await d.db.transaction(async (tx) => {
      await appendAudit(tx, a, actor, { action: 'one', entityType: 'x', entityId: '1' });
    });
    await d.db.transaction(async (tx) => {
      await appendAuditMany(tx, [
        { enteId: b, actor, input: { action: 'b1', entityType: 'x', entityId: '2', after: { token: 'secret', n: 1 } } },
        { enteId: a, actor, input: { action: 'a2', entityType: 'x', entityId: '3' } },
        { enteId: b, actor, input: { action: 'b2', entityType: 'x', entityId: '4' } },
        { enteId: a, actor, input: { action: 'a3', entityType: 'x', entityId: '5' } },
      ]);
    });
    await d.db.transaction(async (tx) => {
      await appendAudit(tx, a, actor, { action: 'a4', entityType: 'x', entityId: '6' });
      await appendAuditMany(tx, []);
    });
    const rows = async (ente: string) =>
      d.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.enteId, ente)).orderBy(asc(schema.auditEvents.seq));
    const ra = await rows(a);
    const rb = await rows(b);
    expect(ra.map((r) => [r.seq, r.action])).toEqual([
      [1, 'one'],
      [2, 'a2'],
      [3, 'a3'],
      [4, 'a4'],
    ]);
    expect(rb.map((r) => [r.seq, r.action])).toEqual([
      [1, 'b1'],
      [2, 'b2'],
    ]);
    for (const list of [ra, rb]) for (let i = 1; i < list.length; i++) expect(list[i]!.prevHash).toBe(list[i - 1]!.hash);
    // Secrets are redacted as in single appends.
    expect(JSON.stringify(rb[0]!.after)).not.toContain('secret');
    expect((await verifyChain(d.db, a)).ok).toBe(true);
    expect((await verifyChain(d.db, b)).ok).toBe(true);
  });

  test('a rolled-back batch leaves no event and no moved head', async () => {
    const [a] = enti as [string];
    const before = (await verifyChain(d.db, a)).events;
    await expect(
      d.db.transaction(async (tx) => {
        await appendAuditMany(tx, [{ enteId: a, actor: { id: null, label: 't' }, input: { action: 'lost', entityType: 'x', entityId: '9' } }]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const report = await verifyChain(d.db, a);
    expect(report.ok).toBe(true);
    expect(report.events).toBe(before);
  });
});
