/**
 * Prints precision and recall per moderation category on a labelled JSON-lines file.
 * Usage: npx tsx scripts/moderation-eval.ts [file] [--mistakes]
 */
import { readFileSync } from 'node:fs';
import { evaluateSet, parseJsonl } from '../src/modules/moderation/evaluation.fns.ts';
import { OWN_CONTACTS, STARTER_RULEBOOK } from '../test/fixtures/moderation/rulebook.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'test/fixtures/moderation/comments.jsonl';
const rows = parseJsonl(readFileSync(file, 'utf8'));
// A Tuesday at 10:30 in Rome: inside office hours, so review stays review.
const report = evaluateSet(rows, { rulebook: STARTER_RULEBOOK, ownContacts: OWN_CONTACTS }, new Date('2025-03-04T09:30:00Z'));

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(`${file}: ${report.total} comments\n`);
console.log('category'.padEnd(22) + 'precision  recall    tp   fp   fn');
for (const [cat, s] of Object.entries(report.perCategory).sort()) {
  console.log(`${cat.padEnd(22)}${pct(s.precision)}  ${pct(s.recall)}  ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}`);
}
console.log(`\nhide precision (hidden and not allowed): ${pct(report.hidePrecision)}`);
console.log(`hide precision (hidden, right category):  ${pct(report.hideCategoryPrecision)}`);
console.log(`allowed comments kept:                     ${pct(report.allowAccuracy)}`);
console.log(`violations flagged (any category):         ${pct(report.flaggedRecall)}`);
if (args.includes('--mistakes')) {
  console.log('\nmistakes:');
  for (const m of report.mistakes) console.log(`  ${m.id} expected ${m.label}, got ${m.got}: ${m.text}`);
}
