import { describe, expect, test } from 'vitest';
import { approvalsComplete, contentHash, fourEyesConflict, transition, type PostStatus, type WorkflowEvent } from './workflow.fns.ts';

describe('transition', () => {
  test.each<[PostStatus, WorkflowEvent, PostStatus | null]>([
    ['proposta', { type: 'edit', contentChanged: true }, 'in_lavorazione'],
    ['proposta', { type: 'edit_proposal' }, 'proposta'],
    ['rifiutato', { type: 'edit_proposal' }, 'proposta'],
    ['in_lavorazione', { type: 'edit_proposal' }, null],
    ['rifiutato', { type: 'edit', contentChanged: false }, 'in_lavorazione'],
    ['in_lavorazione', { type: 'submit' }, 'in_approvazione'],
    ['proposta', { type: 'submit' }, null],
    ['in_approvazione', { type: 'approve', complete: false }, 'in_approvazione'],
    ['in_approvazione', { type: 'approve', complete: true }, 'approvato'],
    ['in_lavorazione', { type: 'approve', complete: true }, null],
    ['approvato', { type: 'approve', complete: true }, null],
    ['in_approvazione', { type: 'reject' }, 'rifiutato'],
    ['approvato', { type: 'reject' }, null],
    ['approvato', { type: 'edit', contentChanged: true }, 'in_lavorazione'],
    ['approvato', { type: 'edit', contentChanged: false }, 'approvato'],
    ['programmato', { type: 'edit', contentChanged: true }, 'in_lavorazione'],
    ['in_approvazione', { type: 'edit', contentChanged: true }, 'in_lavorazione'],
    ['approvato', { type: 'schedule', complete: true }, 'programmato'],
    ['approvato', { type: 'schedule', complete: false }, 'approvato'],
    ['programmato', { type: 'schedule', complete: true }, 'programmato'],
    ['in_approvazione', { type: 'schedule', complete: true }, null],
    ['programmato', { type: 'publish' }, 'pubblicato'],
    ['pubblicato', { type: 'edit', contentChanged: true }, null],
  ])('%s + %o → %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });
});

describe('four eyes', () => {
  const post = { authorId: 'a', lastEditorId: 'e' };
  test.each([
    ['a', 'v', 'author'],
    ['e', 'v', 'editor'],
    ['v', 'v', 'editor'],
    ['z', 'v', null],
  ])('approver %s, variant edited by %s → %s', (approver, variantEditor, expected) => {
    expect(fourEyesConflict(approver, post, variantEditor)).toBe(expected);
  });

  test.each([
    [['c1', 'c2'], [{ channelId: 'c1', approverId: 'p' }], 1, false],
    [['c1', 'c2'], [{ channelId: 'c1', approverId: 'p' }, { channelId: 'c2', approverId: 'p' }], 1, true],
    [['c1'], [{ channelId: 'c1', approverId: 'p' }, { channelId: 'c1', approverId: 'p' }], 2, false],
    [['c1'], [{ channelId: 'c1', approverId: 'p' }, { channelId: 'c1', approverId: 'q' }], 2, true],
    [[], [], 1, false],
  ])('channels %o with %o, %i required → %s', (channels, approvals, required, expected) => {
    expect(approvalsComplete(channels, approvals, required)).toBe(expected);
  });
});

describe('contentHash', () => {
  const base = { text: 'Testo', link: null, mediaIds: ['m1'], parCondicio: { impersonal: false, indispensable: false, reason: null } };
  test.each([
    ['text', { ...base, text: 'Testo.' }],
    ['link', { ...base, link: 'https://x.it' }],
    ['media', { ...base, mediaIds: [] }],
    ['par condicio', { ...base, parCondicio: { impersonal: true, indispensable: true, reason: 'r' } }],
  ])('changes with the %s', (_what, changed) => {
    expect(contentHash(changed)).not.toBe(contentHash(base));
  });
  test('is stable and NFC-insensitive', () => {
    expect(contentHash({ ...base, text: 'citt\u00e0' })).toBe(contentHash({ ...base, text: 'citta\u0300' }));
  });
});
