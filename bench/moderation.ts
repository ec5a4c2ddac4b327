/**
 * Moderation engine benchmark, single thread: evaluations per second and p50/p99 latency on a
 * realistic mix (the labelled comments, with short, medium and a few long comments).
 * Usage: npx tsx bench/moderation.ts [seconds]
 */
import { readFileSync } from 'node:fs';
import { evaluateComment, FloodTracker } from '../src/modules/moderation/index.ts';
import { parseJsonl } from '../src/modules/moderation/evaluation.fns.ts';
import { OWN_CONTACTS, STARTER_RULEBOOK } from '../test/fixtures/moderation/rulebook.ts';

const seconds = Number(process.argv[2] ?? 3);
const rows = parseJsonl(readFileSync(new URL('../test/fixtures/moderation/comments.jsonl', import.meta.url), 'utf8'));
// Mix: the set as is (mostly 40-150 characters), plus 10% long comments (~1,500 characters).
const inputs = rows.map((r, i) => ({ text: r.text, post: r.post, author: `a${i % 97}` }));
const long = rows.slice(0, 40).map((r, i) => ({ text: Array.from({ length: 12 }, () => r.text).join(' '), post: r.post, author: `l${i}` }));
const mix = [...inputs, ...long];
const ctx = { rulebook: STARTER_RULEBOOK, ownContacts: OWN_CONTACTS, flood: new FloodTracker() };
const base = Date.parse('2025-03-04T09:30:00Z');

for (let i = 0; i < 20_000; i++) evaluateComment({ ...mix[i % mix.length]!, at: new Date(base + i) }, ctx); // warm-up

const samples: number[] = [];
let n = 0;
const start = performance.now();
const deadline = start + seconds * 1000;
while (performance.now() < deadline) {
  for (let k = 0; k < 200; k++) {
    const input = mix[n % mix.length]!;
    const at = new Date(base + n * 1000);
    const t0 = performance.now();
    evaluateComment({ text: input.text, post: input.post, author: input.author, at }, ctx);
    samples.push(performance.now() - t0);
    n++;
  }
}
const elapsed = (performance.now() - start) / 1000;
samples.sort((a, b) => a - b);
const q = (p: number): string => `${((samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0) * 1000).toFixed(0)} µs`;
console.log(`moderation engine, ${mix.length} distinct comments (${long.length} long), single thread`);
console.log(`evaluations/s: ${Math.round(n / elapsed).toLocaleString('en-US')}  (${n} in ${elapsed.toFixed(1)} s)`);
console.log(`latency p50: ${q(0.5)}  p99: ${q(0.99)}  max: ${q(1 - 1e-9)}`);
