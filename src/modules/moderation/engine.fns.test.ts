import { describe, expect, test } from 'vitest';
import { OWN_CONTACTS, rulebookWithout, STARTER_RULEBOOK } from '../../../test/fixtures/moderation/rulebook.ts';
import type { Rulebook } from '../policy/rulebook.ts';
import { evaluateComment, FloodTracker, MAX_SCAN_CHARS } from './index.ts';

const ctx = { rulebook: STARTER_RULEBOOK, ownContacts: OWN_CONTACTS };
const OPEN = new Date('2025-03-04T09:30:00Z'); // Tuesday 10:30 in Rome
const CLOSED = new Date('2025-03-08T22:00:00Z'); // Saturday 23:00 in Rome
const run = (text: string, at: Date = OPEN, rulebook: Rulebook = STARTER_RULEBOOK) =>
  evaluateComment({ text, at }, { ...ctx, rulebook });

describe('traps', () => {
  test.each([
    // text, decision, category, clause number
    ['Il mio codice fiscale è RSSMRA85T10A562T', 'allow', null, null], // wrong check letter
    ['Il mio codice fiscale è RSSMRA85T10A562S', 'hide', 'dati_personali', '4.3'],
    ["Chiamate l'URP allo 0574 123456", 'allow', null, null], // the Ente's own phone
    ['Scrivete a urp@comune.esempio.it', 'allow', null, null],
    ['che schifo di buche in via Roma', 'allow', null, null],
    ['sei uno schifoso', 'hide', 'insulti', '4.1'],
    ["mi ha detto 'sei un idiota'", 'review', 'insulti', '4.1'],
    ['il sindaco non ha fatto nulla, vergogna', 'allow', null, null],
    ['servizio pessimo', 'allow', null, null],
    ['Siete degli incapaci, dimettetevi', 'allow', null, null],
    ['ti vengo a prendere', 'hide', 'minacce', '4.4'],
    ['sappiamo dove abiti', 'hide', 'minacce', '4.4'],
    ['te la faccio pagare', 'hide', 'minacce', '4.4'],
    ['ammazza che caldo oggi', 'allow', null, null], // a threat needs a pattern, not a word
    ['Cazzo, che giornata!', 'hide', 'turpiloquio', '4.2'],
    ['sei un c0gl10ne', 'hide', 'insulti', '4.1'],
    ['sei uno s c e m o o o o', 'hide', 'insulti', '4.1'],
    ['Guadagna da casa 500 euro al giorno!', 'hide', 'spam', '4.6'],
    ['Votate la Lista Civica Rossi!', 'hide', 'propaganda_politica', '4.7'],
    ['Mario Rossi è malato di tumore', 'hide', 'dati_personali', '4.3'],
  ] as const)('%s -> %s', (text, decision, category, clause) => {
    const d = run(text);
    expect(d.decision).toBe(decision);
    expect(d.category).toBe(category);
    expect(d.clause?.number ?? null).toBe(clause);
  });
});

describe('clauses decide the action', () => {
  test('a "delete" clause hides (deletion is a human act) and says so', () => {
    const d = run('sappiamo dove abiti');
    expect(d.decision).toBe('hide');
    expect(d.explanation.it).toMatch(/^Clausola 4\.4 – Minacce: .*cancellazione spetta a una persona/);
  });

  test('a "review" clause never hides during office hours', () => {
    const d = run('QUANDO SISTEMATE LA STRADA CHE È PIENA DI BUCHE DA ANNI?');
    expect(d).toMatchObject({ decision: 'review', category: 'maiuscolo', clause: { number: '4.9' }, offHours: false });
  });

  test('the explanation cites the clause and the evidence points into the original text', () => {
    const text = 'Il mio CF: RSSMRA85T10A562S';
    const d = run(text);
    expect(d.explanation.it).toBe('Clausola 4.3 – Dati personali: il commento contiene un codice fiscale valido. Il commento è nascosto; la decisione è reversibile.');
    expect(d.explanation.en).toMatch(/^Clause 4\.3 – Dati personali/);
    expect(d.evidence[0]).toMatchObject({ text: 'RSSMRA85T10A562S', detector: 'personal_data' });
    expect(text.slice(d.evidence[0]!.start, d.evidence[0]!.end)).toBe('RSSMRA85T10A562S');
  });

  test('obfuscated words are found but the evidence shows what the citizen wrote', () => {
    const text = 'Assessore sei uno S.C.E.M.O!';
    const d = run(text);
    expect(d.decision).toBe('hide');
    expect(text.slice(d.evidence[0]!.start, d.evidence[0]!.end)).toBe('S.C.E.M.O');
  });

  test('without a clause of that category: review, no clause cited, and the explanation says so', () => {
    const d = run('sei uno schifoso', OPEN, rulebookWithout('insulti'));
    expect(d).toMatchObject({ decision: 'review', clause: null, category: 'insulti' });
    expect(d.explanation.it).toContain('non contiene una clausola');
  });

  test('without a clause, off hours still do not hide (a hide must cite a clause)', () => {
    expect(run('sei uno schifoso', CLOSED, rulebookWithout('insulti')).decision).toBe('review');
  });

  test('low confidence never hides, even when the clause says hide', () => {
    const d = run('ecco il link www.offertissime.com'); // bare link: uncertain
    expect(d).toMatchObject({ decision: 'review', category: 'spam' });
    expect(d.confidence).toBeLessThan(0.75);
  });
});

describe('moderation hours', () => {
  test('off hours, what would be review is hidden until a person looks', () => {
    const d = run('QUANDO SISTEMATE LA STRADA CHE È PIENA DI BUCHE DA ANNI?', CLOSED);
    expect(d).toMatchObject({ decision: 'hide', offHours: true, category: 'maiuscolo' });
    expect(d.explanation.it).toContain('finché una persona non lo verifica');
  });

  test('off hours with hideForReviewOffHours false keeps review', () => {
    const rb: Rulebook = { ...STARTER_RULEBOOK, hours: { ...STARTER_RULEBOOK.hours, hideForReviewOffHours: false } };
    expect(run("mi ha detto 'sei un idiota'", CLOSED, rb)).toMatchObject({ decision: 'review', offHours: true });
  });

  test('an allowed comment stays allowed off hours', () => {
    expect(run('Grazie per le informazioni', CLOSED)).toMatchObject({ decision: 'allow', offHours: true });
  });
});

describe('flooding across calls', () => {
  test('the third near-identical comment by one author is hidden', () => {
    const flood = new FloodTracker();
    const go = (text: string, i: number) => evaluateComment({ text, author: 'u1', at: new Date(OPEN.getTime() + i * 60_000) }, { ...ctx, flood });
    expect(go('Quando riapre il parco?', 0).decision).toBe('allow');
    expect(go('Quando riapre il parco??', 1).decision).toBe('allow');
    expect(go('quando riapre il parco???', 2)).toMatchObject({ decision: 'hide', category: 'flooding', clause: { number: '4.8' } });
  });
});

describe('robustness', () => {
  test.each([
    ['empty', ''],
    ['binary', '\u0000\u0001\uFFFE\uD800\uDFFF'.repeat(200)],
    ['mixed scripts', 'Привет 你好 مرحبا sei uno scemo 🙂'.repeat(50)],
    ['100 kB', 'Le buche in via Roma sono tante. '.repeat(3200)],
  ])('%s input does not throw and stays fast', (_name, text) => {
    const t0 = performance.now();
    const d = evaluateComment({ text, post: 'Lavori stradali', author: 'x', at: OPEN }, { ...ctx, flood: new FloodTracker() });
    expect(['allow', 'review', 'hide']).toContain(d.decision);
    expect(performance.now() - t0).toBeLessThan(250);
  });

  test('text beyond the scanning limit is not silently allowed', () => {
    const words = Array.from({ length: MAX_SCAN_CHARS / 3 }, (_, i) => `c${i.toString(36)}`);
    const d = run(words.join(' '));
    expect(d.decision).toBe('review');
    expect(d.clause).toBeNull();
  });

  test('a non-string text does not throw', () => {
    expect(evaluateComment({ text: undefined as unknown as string }, ctx).decision).toBe('allow');
  });
});
