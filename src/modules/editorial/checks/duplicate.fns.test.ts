import { describe, expect, test } from 'vitest';
import { checkDuplicate, normaliseForDuplicate } from './duplicate.fns.ts';
import { context, variant } from './fixtures.ts';

const NOW = new Date('2025-03-10T09:00:00Z');
const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const AVVISO = 'Mercoledì 12 marzo chiusura degli uffici anagrafe per aggiornamento informatico.';

describe('normaliseForDuplicate', () => {
  test.each<[string, string]>([
    ['  Uffici CHIUSI oggi!! ', 'uffici chiusi oggi'],
    ['Info: https://comune.it/a?utm=1', 'info'],
    ['𝐂𝐡𝐢𝐮𝐬𝐨 oggi', 'chiuso oggi'],
  ])('%s', (text, expected) => {
    expect(normaliseForDuplicate(text)).toBe(expected);
  });
});

describe('checkDuplicate', () => {
  test.each<[string, { text: string; publishedAt: Date; channelId: string }[], Date | null, boolean]>([
    ['same text yesterday', [{ text: AVVISO, publishedAt: days(1), channelId: 'ch-1' }], null, true],
    ['different case and spacing', [{ text: AVVISO.toUpperCase().replace(/ /g, '  '), publishedAt: days(3), channelId: 'ch-1' }], null, true],
    ['same text with another link', [{ text: `${AVVISO} https://comune.it/x`, publishedAt: days(2), channelId: 'ch-1' }], null, true],
    ['eight days ago', [{ text: AVVISO, publishedAt: days(8), channelId: 'ch-1' }], null, false],
    ['another channel', [{ text: AVVISO, publishedAt: days(1), channelId: 'ch-2' }], null, false],
    ['another text', [{ text: 'Giovedì 13 marzo apertura straordinaria.', publishedAt: days(1), channelId: 'ch-1' }], null, false],
    ['scheduled 10 days later', [{ text: AVVISO, publishedAt: days(1), channelId: 'ch-1' }], new Date(NOW.getTime() + 10 * 86_400_000), false],
    ['no history', [], null, false],
  ])('%s', (_name, recentTexts, scheduledAt, dup) => {
    const f = checkDuplicate(variant({ text: AVVISO }), context({ now: NOW, recentTexts, scheduledAt }));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual(dup ? [['duplicate.recent', 'warning']] : []);
  });

  test('the message says when', () => {
    const [f] = checkDuplicate(
      variant({ text: AVVISO }),
      context({ now: NOW, recentTexts: [{ text: AVVISO, publishedAt: new Date('2025-03-08T16:30:00Z'), channelId: 'ch-1' }] }),
    );
    expect(f?.message.it).toContain('08/03/25, 17:30');
  });
});
