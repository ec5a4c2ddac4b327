import { describe, expect, test } from 'vitest';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { compareNumbers, diffPolicies, diffWords, type WordChange } from './diff.fns.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { draftInternalPolicy } from './internal.fns.ts';

const rebuild = (changes: WordChange[], side: 'old' | 'new'): string =>
  changes
    .filter((c) => c.op === 'equal' || c.op === (side === 'new' ? 'insert' : 'delete'))
    .map((c) => c.text)
    .join('');

describe('diffWords', () => {
  test.each([
    ['a b c', 'a b c', [{ op: 'equal', text: 'a b c' }]],
    ['a b c', 'a x c', [{ op: 'equal', text: 'a ' }, { op: 'delete', text: 'b' }, { op: 'insert', text: 'x' }, { op: 'equal', text: ' c' }]],
    ['a b', 'c d', [{ op: 'delete', text: 'a b' }, { op: 'insert', text: 'c d' }]],
    ['media.', 'network.', [{ op: 'delete', text: 'media' }, { op: 'insert', text: 'network' }, { op: 'equal', text: '.' }]],
    ['', 'nuovo testo', [{ op: 'insert', text: 'nuovo testo' }]],
    ['vecchio', '', [{ op: 'delete', text: 'vecchio' }]],
    ['il blocco alla terza', 'il blocco alla quarta violazione', [
      { op: 'equal', text: 'il blocco alla ' },
      { op: 'delete', text: 'terza' },
      { op: 'insert', text: 'quarta violazione' },
    ]],
  ] as const)('%s → %s', (a, b, expected) => {
    expect(diffWords(a, b)).toEqual(expected);
  });

  test.each([
    ['uno due tre quattro cinque sei', 'due tre sette quattro sei otto'],
    ['Non sono ammessi insulti verso persone.', 'Non sono ammessi insulti, offese o minacce verso persone e gruppi.'],
  ])('the two sides can be rebuilt from the changes (%s)', (a, b) => {
    const changes = diffWords(a, b);
    expect(rebuild(changes, 'old')).toBe(a);
    expect(rebuild(changes, 'new')).toBe(b);
  });

  test('keeps a longest common subsequence: only the changed words are marked', () => {
    const changes = diffWords('a b c d e f', 'a c d x f');
    expect(changes.filter((c) => c.op !== 'equal').map((c) => `${c.op}:${c.text.trim()}`)).toEqual([
      'delete:b',
      'delete:e',
      'insert:x',
    ]);
  });
});

describe('diffPolicies', () => {
  test('identical documents do not differ', () => {
    const a = draftExternalPolicy(comuneDiEsempio());
    const d = diffPolicies(a, structuredClone(a));
    expect(d.changed).toBe(false);
    expect(d.sections.every((s) => s.status === 'unchanged')).toBe(true);
    expect(d.clauses.every((c) => c.status === 'unchanged')).toBe(true);
  });

  test('finds a changed clause by number, with the fields and words that changed', () => {
    const a = draftExternalPolicy(comuneDiEsempio());
    const b = structuredClone(a);
    b.clauses[1]!.text = b.clauses[1]!.text.replace('bestemmie', 'imprecazioni');
    b.clauses[1]!.action = 'delete';
    const d = diffPolicies(a, b);
    expect(d.changed).toBe(true);
    const changed = d.clauses.filter((c) => c.status !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ number: '5.2', status: 'changed', fields: ['action', 'text'] });
    expect(changed[0]?.textChanges.filter((c) => c.op !== 'equal')).toEqual([
      { op: 'delete', text: 'bestemmie' },
      { op: 'insert', text: 'imprecazioni' },
    ]);
  });

  test('reports added and removed clauses in number order, 5.2 before 5.10', () => {
    const a = draftExternalPolicy(comuneDiEsempio());
    const b = structuredClone(a);
    b.clauses.splice(2, 1);
    b.clauses.push({ number: '5.15', title: 'Altro', category: 'altro', action: 'review', text: 'Regola locale.' });
    const d = diffPolicies(a, b);
    expect(d.clauses.filter((c) => c.status === 'removed').map((c) => c.number)).toEqual(['5.3']);
    expect(d.clauses.filter((c) => c.status === 'added').map((c) => c.number)).toEqual(['5.15']);
    expect(d.clauses.map((c) => c.number).slice(8, 11)).toEqual(['5.9', '5.10', '5.11']);
  });

  test('sections: changed with a word diff, added, and removed kept in place', () => {
    const a = draftInternalPolicy(comuneDiEsempio());
    const b = structuredClone(a);
    b.sections[0]!.body = b.sections[0]!.body.replace('social media', 'social network');
    b.sections[2]!.title = 'Password e accessi';
    b.sections.splice(4, 1); // analisi_backup
    b.sections.push({ key: 'intelligenza_artificiale', title: 'Uso di strumenti di IA', body: 'Regole.' });
    const d = diffPolicies(a, b);
    const byKey = new Map(d.sections.map((s) => [s.key, s]));
    expect(byKey.get('ambito')?.status).toBe('changed');
    expect(byKey.get('ambito')?.bodyChanges.filter((c) => c.op !== 'equal').map((c) => c.text.trim())).toEqual(['media', 'network']);
    expect(byKey.get('credenziali')).toMatchObject({ status: 'changed', bodyChanges: [] });
    expect(byKey.get('credenziali')?.titleChanges?.some((c) => c.op === 'insert')).toBe(true);
    expect(byKey.get('intelligenza_artificiale')?.status).toBe('added');
    expect(d.sections.map((s) => s.key).indexOf('analisi_backup')).toBe(4);
    expect(byKey.get('analisi_backup')?.status).toBe('removed');
    expect(d.clauses).toEqual([]);
  });

  test('notices changed hours and channels', () => {
    const a = draftExternalPolicy(comuneDiEsempio());
    const b = structuredClone(a);
    b.hours.responseTimeHours = 9;
    const d = diffPolicies(a, b);
    expect(d).toMatchObject({ changed: true, hoursChanged: true, channelsChanged: false });
  });
});

test.each([
  ['5.2', '5.10', -1],
  ['5.10', '5.2', 1],
  ['5', '5.1', -1],
  ['6.1', '6.1', 0],
])('compareNumbers(%s, %s) has sign %d', (a, b, sign) => {
  expect(Math.sign(compareNumbers(a, b))).toBe(sign);
});
