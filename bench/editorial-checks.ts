/**
 * Benchmark of the editorial checks: checkPost on a typical post (4 channel variants of about
 * 600 characters, 2 images, hashtags, a link) with a realistic context. Target: under 5 ms.
 * Run with: npx tsx bench/editorial-checks.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { checkPost, type CheckContext, type VariantInput } from '../src/modules/editorial/checks/index.ts';

const LINK = 'https://www.comune.esempio.it/notizie/mercato-contadino-piazza-maggiore';
const BODY =
  'Domenica 16 marzo torna il mercato contadino in piazza Maggiore, dalle 8 alle 13. Trovate frutta, verdura, ' +
  'formaggi e pane dei produttori del territorio, con laboratori gratuiti per bambini dalle 10 alle 12. ' +
  'Per chi arriva in bicicletta ci sono rastrelliere in via Rizzoli e in via dell’Indipendenza. ' +
  'La piazza resta chiusa al traffico dalle 6 alle 15: i bus delle linee 11, 13 e 27 deviano su via Ugo Bassi. ' +
  'Portate le vostre borse riutilizzabili 🛍️ e ricordate la raccolta differenziata nelle isole ecologiche. ' +
  'Per informazioni chiamate lo 051 219 4321 o scrivete a urp@comune.esempio.it.\n' +
  `Programma completo: ${LINK}\n#MercatoContadino #raccoltadifferenziata #Bologna`;

const media = [
  { id: 'm1', kind: 'image' as const, filename: 'mercato.jpg', altText: 'Banchi di frutta e verdura sotto i portici' },
  { id: 'm2', kind: 'image' as const, filename: 'laboratorio.jpg', altText: 'Bambini che impastano il pane' },
];
const X_TEXT = `Domenica 16 marzo mercato contadino in piazza Maggiore, 8-13 🧺 Piazza chiusa al traffico 6-15. ${LINK} #MercatoContadino`;

const variants: VariantInput[] = [
  { channelId: 'fb', platform: 'facebook_page', text: BODY, media, link: LINK },
  { channelId: 'ig', platform: 'instagram', text: BODY, media },
  { channelId: 'x', platform: 'x', text: X_TEXT, media },
  { channelId: 'tg', platform: 'telegram', text: BODY, media },
];

const ctx: CheckContext = {
  now: new Date('2025-03-10T09:00:00Z'),
  scheduledAt: new Date('2025-03-14T08:00:00Z'),
  electoralPeriods: [{ id: 'eu-2024', name: 'Europee 2024', start: '2024-04-26', end: '2024-06-09' }],
  enteNames: { ente: 'Comune di Esempio', mayor: ['Mario Rossi'], councillors: ['Anna Maria De Luca', 'Giulia Bianchi', 'Paolo Verdi'] },
  ownContacts: { phones: ['+39 051 219 4321'], emails: [], domains: ['comune.esempio.it'] },
  recentTexts: Array.from({ length: 30 }, (_, i) => ({
    text: `Avviso numero ${i}: ${BODY.slice(0, 200)}`,
    publishedAt: new Date(Date.UTC(2025, 2, 9 - (i % 10))),
    channelId: ['fb', 'ig', 'x', 'tg'][i % 4] ?? 'fb',
  })),
  linkStatus: { [LINK]: 200 },
};

// Every iteration checks a different post (the text changes), so the per-text memo of the
// tokenisers only helps within one post, as in real use; the normalised history stays cached.
function post(i: number): VariantInput[] {
  return variants.map((v) => ({ ...v, text: v.text.replace('16 marzo', `${(i % 28) + 1} marzo ${i}`) }));
}

const iterations = Number(process.argv[2] ?? 3000);
for (let i = 0; i < 300; i++) checkPost(post(-i), ctx); // warm-up: JIT and compiled regexes

const posts = Array.from({ length: iterations }, (_, i) => post(i));
const times: number[] = [];
for (const p of posts) {
  const t0 = performance.now();
  checkPost(p, ctx);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? Number.NaN;
const mean = times.reduce((s, t) => s + t, 0) / times.length;
const findings = checkPost(variants, ctx).map((r) => `${r.channelId}: ${r.findings.map((f) => f.ruleId).join(', ')}`);

console.log(`checkPost, 4 variants of ~${BODY.length} characters, ${iterations} iterations`);
console.log(`mean ${mean.toFixed(3)} ms  p50 ${pct(50).toFixed(3)} ms  p95 ${pct(95).toFixed(3)} ms  p99 ${pct(99).toFixed(3)} ms  max ${(times[times.length - 1] ?? 0).toFixed(3)} ms`);
console.log(`target < 5 ms: ${pct(99) < 5 ? 'met' : 'NOT met'}`);
console.log(findings.join('\n'));
