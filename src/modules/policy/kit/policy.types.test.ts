import { describe, expect, test } from 'vitest';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { draftInternalPolicy } from './internal.fns.ts';
import { isHttpUrl, validatePolicyDocument } from './policy.types.ts';

const external = () => draftExternalPolicy(comuneDiEsempio());
// The cases break the document on purpose, past what its types allow.
type Mutable = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Case = readonly [name: string, mutate: (d: Mutable) => unknown, error: string];

describe('validatePolicyDocument', () => {
  test('accepts both drafts', () => {
    expect(validatePolicyDocument(external())).toEqual([]);
    expect(validatePolicyDocument(draftInternalPolicy(comuneDiEsempio()))).toEqual([]);
  });

  test.each([
    ['not an object', (): unknown => 'policy', 'document: must be an object'],
    ['unknown kind', (d: Mutable) => void (d.kind = 'both'), "kind: must be 'external' or 'internal'"],
    ['empty title', (d: Mutable) => void (d.title = ' '), 'title: required'],
    ['no sections', (d: Mutable) => void (d.sections = []), 'sections: at least one section is required'],
    ['bad key', (d: Mutable) => void (d.sections[0].key = 'Finalità'), 'sections[0].key: must be lowercase snake_case'],
    ['duplicate key', (d: Mutable) => void (d.sections[1].key = 'finalita'), "sections[1].key: duplicate key 'finalita'"],
    ['empty body', (d: Mutable) => void (d.sections[2].body = ''), 'sections[2].body: required'],
    ['bad clause number', (d: Mutable) => void (d.clauses[0].number = '5.a'), 'clauses[0].number: must look like "5.1"'],
    ['duplicate clause', (d: Mutable) => void (d.clauses[1].number = '5.1'), "clauses[1].number: duplicate number '5.1'"],
    ['bad category', (d: Mutable) => void (d.clauses[0].category = 'rude'), 'clauses[0].category: unknown category'],
    ['bad action', (d: Mutable) => void (d.clauses[0].action = 'ban'), 'clauses[0].action: must be one of hide, review, delete'],
    [
      'block before warning',
      (d: Mutable) => void (d.clauses[0].sanctions = { warnAfter: 3, blockAfter: 2 }),
      'clauses[0].sanctions.blockAfter: must be greater than warnAfter (warning first, then block)',
    ],
    ['zero window', (d: Mutable) => void (d.clauses[0].sanctions = { windowDays: 0 }), 'clauses[0].sanctions.windowDays: must be a positive integer'],
    ['no hours', (d: Mutable) => void delete d.hours, 'hours: required'],
    ['bad response time', (d: Mutable) => void (d.hours.responseTimeHours = -1), 'hours.responseTimeHours: must be a positive number'],
    [
      'inverted range',
      (d: Mutable) => void (d.hours.schedule.days[1] = [{ from: '18:00', to: '09:00' }]),
      'hours.schedule.days.1[0]: must be {from, to} as "HH:MM" with from before to',
    ],
    ['bad weekday', (d: Mutable) => void (d.hours.schedule.days[7] = []), 'hours.schedule.days.7: weekday must be 0 (Sunday) to 6 (Saturday)'],
    [
      'bad closed date',
      (d: Mutable) => void (d.hours.schedule.closedDates = ['2025-02-30']),
      'hours.schedule.closedDates: must be a list of "YYYY-MM-DD" dates',
    ],
    ['javascript url', (d: Mutable) => void (d.channels[0].url = 'javascript:alert(1)'), 'channels[0].url: must be an http(s) URL'],
  ] satisfies Case[])('reports %s', (_, mutate, error) => {
    const d = external() as unknown as Mutable;
    const replaced = mutate(d);
    const errors = validatePolicyDocument(replaced ?? d);
    expect(errors).toContain(error);
  });

  test('internal documents need no clauses, hours or channels', () => {
    const d = draftInternalPolicy(comuneDiEsempio());
    expect(validatePolicyDocument({ ...d, clauses: 'ignored' })).toEqual([]);
  });
});

test.each([
  ['https://www.comune.esempio.it', true],
  ['http://example.org/a?b=c', true],
  ['mailto:a@b.it', false],
  ['javascript:alert(1)', false],
  ['www.comune.it', false],
])('isHttpUrl(%s) is %s', (url, ok) => {
  expect(isHttpUrl(url)).toBe(ok);
});
