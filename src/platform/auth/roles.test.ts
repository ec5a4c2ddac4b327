import { describe, expect, test } from 'vitest';
import { can, permissionsOf } from './roles.ts';

describe('roles', () => {
  test.each([
    ['amministratore', 'people.manage', true],
    ['amministratore', 'posts.approve', false],
    ['approvatore', 'posts.approve', true],
    ['approvatore', 'policy.adopt', true],
    ['proponente', 'posts.propose', true],
    ['proponente', 'posts.approve', false],
    ['proponente', 'moderation.evaluate', false],
    ['redattore', 'moderation.decide', true],
    ['osservatore', 'channels.manage', false],
    ['sindaco', 'ente.read', false],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(can([role], permission)).toBe(expected);
  });

  test('permissionsOf lists exactly what can() allows, for several roles together', () => {
    const roles = ['redattore', 'approvatore'];
    const list = permissionsOf(roles);
    expect(list).toEqual([...new Set(list)].sort());
    for (const p of list) expect(can(roles, p)).toBe(true);
    expect(list).toContain('posts.edit');
    expect(list).toContain('posts.approve');
    expect(list).not.toContain('people.manage');
  });
});
