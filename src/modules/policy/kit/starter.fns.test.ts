import { describe, expect, test } from 'vitest';
import { MODERATION_CATEGORIES } from '../rulebook.ts';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { PolicyKitError, rulebookFromExternal, starterRulebook } from './starter.fns.ts';

describe('starterRulebook', () => {
  const r = starterRulebook();

  test('comes from the starter kit, without a version', () => {
    expect(r.source).toBe('starter_kit');
    expect(r.version).toBeNull();
  });

  test('covers every category but "altro", speaking of a generic Ente', () => {
    expect(new Set(r.clauses.map((c) => c.category))).toEqual(
      new Set(MODERATION_CATEGORIES.filter((c) => c !== 'altro')),
    );
    const political = r.clauses.find((c) => c.category === 'propaganda_politica');
    expect(political?.text).toContain("I canali dell'Ente");
  });

  test('has the default hours: Mon–Fri 9:00–18:00 in Europe/Rome, closed on holidays', () => {
    expect(r.hours.schedule.timeZone).toBe('Europe/Rome');
    expect(r.hours.schedule.closedOnPublicHolidays).toBe(true);
    expect(r.hours.schedule.days[0]).toBeUndefined();
    expect(r.hours.schedule.days[6]).toBeUndefined();
    for (const d of [1, 2, 3, 4, 5] as const) {
      expect(r.hours.schedule.days[d]).toEqual([{ from: '09:00', to: '18:00' }]);
    }
    expect(r.hours.hideForReviewOffHours).toBe(true);
  });

  test('has the same clause numbers and actions as a drafted policy', () => {
    const drafted = draftExternalPolicy(comuneDiEsempio()).clauses;
    expect(r.clauses.map((c) => [c.number, c.category, c.action])).toEqual(
      drafted.map((c) => [c.number, c.category, c.action]),
    );
  });
});

describe('rulebookFromExternal', () => {
  test('copies clauses and hours so later edits of the draft do not change it', () => {
    const doc = draftExternalPolicy(comuneDiEsempio());
    const r = rulebookFromExternal(doc, 3, 'in_force');
    expect(r).toMatchObject({ source: 'in_force', version: 3 });
    expect(r.clauses).toEqual(doc.clauses);
    doc.clauses[0]!.action = 'delete';
    doc.hours.responseTimeHours = 99;
    expect(r.clauses[0]?.action).toBe('hide');
    expect(r.hours.responseTimeHours).toBe(18);
  });

  test('refuses an invalid document, with the field errors', () => {
    const doc = draftExternalPolicy(comuneDiEsempio());
    doc.clauses[0]!.category = 'rude' as never;
    expect(() => rulebookFromExternal(doc, 1, 'draft')).toThrow(PolicyKitError);
    try {
      rulebookFromExternal(doc, 1, 'draft');
    } catch (e) {
      expect((e as PolicyKitError).code).toBe('invalid_policy_document');
      expect((e as PolicyKitError).errors).toContain('clauses[0].category: unknown category');
    }
  });

  test.each([null, 0, 1.5])('refuses version %s for a policy in force', (v) => {
    const doc = draftExternalPolicy(comuneDiEsempio());
    expect(() => rulebookFromExternal(doc, v, 'in_force')).toThrow(/positive integer version/);
  });

  test('a draft may have no version yet', () => {
    const doc = draftExternalPolicy(comuneDiEsempio());
    expect(rulebookFromExternal(doc, null, 'draft').version).toBeNull();
  });
});
