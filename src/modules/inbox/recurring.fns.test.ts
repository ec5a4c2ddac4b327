import { describe, expect, test } from 'vitest';
import { groupRecurringQuestions, looksLikeQuestion, type QuestionSample } from './recurring.fns.ts';

const NOW = new Date('2026-06-30T12:00:00Z');
let n = 0;
const q = (text: string, person: string, daysAgo = 10): QuestionSample => ({
  id: `q${++n}`,
  text,
  person: `facebook_page:${person}`,
  authorName: person,
  channelId: 'c1',
  at: new Date(NOW.getTime() - daysAgo * 86_400_000),
});

describe('recurring questions', () => {
  const tari = [
    q('Buongiorno, come si paga la TARI quest’anno?', 'anna'),
    q('Dove posso pagare la tari? Non mi è arrivato il modulo di pagamento', 'bruno', 40),
    q('Scusate, il pagamento della TARI si può fare online?', 'carla', 90),
  ];
  const anagrafe = [
    q('Che orari ha l’ufficio anagrafe il sabato?', 'dario'),
    q('L’ufficio anagrafe è aperto sabato mattina? quali orari?', 'elena', 20),
    q('Orari ufficio anagrafe per la carta d’identità?', 'franco', 200),
  ];
  const noise = [
    q('Quando riaprono la piscina comunale?', 'gino'),
    q('Chi devo chiamare per una buca in via Roma?', 'ivo'),
    q('Complimenti per la festa di ieri, bellissima!', 'lia'),
  ];

  test('questions that mean the same thing, by three different people, form one group each', () => {
    const groups = groupRecurringQuestions([...tari, ...anagrafe, ...noise], { now: NOW });
    expect(groups).toHaveLength(2);
    const byTerm = (t: string) => groups.find((g) => g.terms.includes(t));
    expect(byTerm('tar')?.examples.map((e) => e.authorName).sort()).toEqual(['anna', 'bruno', 'carla']);
    expect(byTerm('anagraf')?.examples.map((e) => e.authorName).sort()).toEqual(['dario', 'elena', 'franco']);
  });

  test('the same person asking three times is not recurring', () => {
    const same = [q('Come si paga la TARI?', 'anna'), q('Come pago la TARI?', 'anna', 3), q('Pagamento TARI: come si fa?', 'anna', 5)];
    expect(groupRecurringQuestions(same, { now: NOW })).toEqual([]);
  });

  test('questions older than twelve months do not count', () => {
    const old = [tari[0]!, tari[1]!, { ...tari[2]!, at: new Date(NOW.getTime() - 400 * 86_400_000) }];
    expect(groupRecurringQuestions(old, { now: NOW })).toEqual([]);
  });

  test('the threshold of people is configurable (FOIA §8.2 "more than three")', () => {
    expect(groupRecurringQuestions([...tari, ...anagrafe], { now: NOW, minPeople: 4 })).toEqual([]);
  });

  test.each([
    ['Quando apre la biblioteca?', 'comment', true],
    ['Vorrei sapere gli orari del cimitero', 'comment', true],
    ['È possibile avere il certificato online', 'comment', true],
    ['Bravi, ottimo lavoro', 'comment', false],
    ['Ho bisogno del certificato di residenza', 'message', true],
    ['Grazie!', 'message', false],
  ] as const)('%s (%s) is a question: %s', (text, kind, expected) => {
    expect(looksLikeQuestion(text, kind)).toBe(expected);
  });
});
