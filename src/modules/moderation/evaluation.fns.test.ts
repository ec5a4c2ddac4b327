import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { OWN_CONTACTS, STARTER_RULEBOOK } from '../../../test/fixtures/moderation/rulebook.ts';
import { evaluateSet, parseJsonl } from './evaluation.fns.ts';

const rows = parseJsonl(readFileSync(new URL('../../../test/fixtures/moderation/comments.jsonl', import.meta.url), 'utf8'));
const report = evaluateSet(rows, { rulebook: STARTER_RULEBOOK, ownContacts: OWN_CONTACTS }, new Date('2025-03-04T09:30:00Z'));

test('the evaluation set is large and covers every detectable category', () => {
  expect(rows.length).toBeGreaterThanOrEqual(300);
  const labels = new Set(rows.map((r) => r.label));
  for (const c of ['insulti', 'turpiloquio', 'minacce', 'discriminazione', 'fuori_tema', 'dati_personali', 'flooding', 'disturbo', 'spam', 'propaganda_politica', 'maiuscolo', 'contenuti_illeciti', 'copyright', 'allow']) {
    expect(labels).toContain(c);
  }
});

test('hidden comments are almost never allowed ones (precision of hide >= 0.8)', () => {
  expect(report.hidePrecision).toBeGreaterThanOrEqual(0.8);
  expect(report.hideCategoryPrecision).toBeGreaterThanOrEqual(0.8);
});

test('allowed complaints and questions stay allowed, violations are flagged', () => {
  expect(report.allowAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(report.flaggedRecall).toBeGreaterThanOrEqual(0.85);
  for (const cat of ['insulti', 'minacce', 'dati_personali', 'spam']) {
    expect(report.perCategory[cat]?.recall ?? 0).toBeGreaterThanOrEqual(0.8);
  }
});
