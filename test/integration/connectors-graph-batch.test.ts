/**
 * Many hides at once through Graph batch requests (the Facebook Page connector's `moderateMany`),
 * against the inbox's fake Graph API, which runs each operation of a batch through its own routes
 * (test/fakes/graph-inbox.ts). No database, no network beyond loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { facebookPageConnector as fb } from '../../src/connectors/facebook_page/index.ts';
import type { ModerationRequest } from '../../src/connectors/interactions.ts';
import { loopbackContext } from '../fakes/kernel.ts';
import { type FakeGraph, startFakeGraph } from '../fakes/graph-inbox.ts';
import { graphError } from '../fakes/facebook.ts';

let graph: FakeGraph;
const ctx = (token = 'page-token') => loopbackContext('facebook_page', graph.url, { accessToken: token, account: { pageId: 'page1' } });
const hide = (id: string, action: ModerationRequest['action'] = 'hide'): ModerationRequest => ({ item: { platformId: id, kind: 'comment', threadRef: 'page1_1' }, action });
const batches = () => graph.calls.filter((c) => c.method === 'POST' && c.path === '/' && !c.batched);

beforeAll(async () => {
  graph = await startFakeGraph({ tokens: ['page-token'] });
});
afterAll(async () => {
  await graph.close();
});
afterEach(() => {
  graph.requests.length = 0;
  graph.hidden.clear();
  graph.deleted.clear();
  graph.timeouts.clear();
});

describe('Graph batch requests for the engine’s hides', () => {
  test('120 hides go as three batch requests of at most 50, each comment hidden, outcomes in order', async () => {
    const ids = Array.from({ length: 120 }, (_, k) => `page1_1_${k}`);
    const outcomes = await fb.moderateMany!(ctx(), ids.map((id) => hide(id)));
    expect(outcomes).toEqual(ids.map(() => null));
    expect(batches()).toHaveLength(3);
    const sizes = batches().map((b) => (JSON.parse(String(b.body.batch)) as unknown[]).length).sort((a, b) => a - b);
    expect(sizes).toEqual([20, 50, 50]);
    for (const b of batches()) {
      expect(b.body.include_headers).toBe('false');
      expect(b.token).toBe('page-token');
      expect(b.version).toBe('v21.0');
    }
    expect(ids.every((id) => graph.hidden.get(id) === true)).toBe(true);
    // Each operation reached the comment's own route, as a single call would.
    const ops = graph.calls.filter((c) => c.batched);
    expect(ops).toHaveLength(120);
    expect(ops[0]).toMatchObject({ method: 'POST', path: '/page1_1_0', body: { is_hidden: true } });
  });

  test('unhide and delete too; a comment deleted already counts as done, one that is gone cannot be hidden', async () => {
    graph.deleted.add('page1_1_gone');
    graph.deleted.add('page1_1_deleted-before');
    const outcomes = await fb.moderateMany!(ctx(), [hide('page1_1_a', 'unhide'), hide('page1_1_b', 'delete'), hide('page1_1_deleted-before', 'delete'), hide('page1_1_gone')]);
    expect(outcomes.slice(0, 3)).toEqual([null, null, null]);
    expect(outcomes[3]).toMatchObject({ kind: 'bad_request', details: { platformCode: '100/33' } });
    expect(outcomes[3]!.explanation.it).toMatch(/potrebbe non esistere più/);
    expect(graph.hidden.get('page1_1_a')).toBe(false);
    expect(graph.deleted.has('page1_1_b')).toBe(true);
    expect(batches()).toHaveLength(1);
  });

  test('an operation Graph did not complete in time (null) is tried again on its own', async () => {
    graph.timeouts.add('page1_1_slow');
    const outcomes = await fb.moderateMany!(ctx(), [hide('page1_1_x'), hide('page1_1_slow'), hide('page1_1_y')]);
    expect(outcomes).toEqual([null, null, null]);
    expect(graph.hidden.get('page1_1_slow')).toBe(true);
    const single = graph.calls.filter((c) => !c.batched && c.path === '/page1_1_slow');
    expect(single).toEqual([expect.objectContaining({ method: 'POST', body: { is_hidden: true } })]);
  });

  test('a private message is refused without a call; the comments beside it are hidden', async () => {
    const outcomes = await fb.moderateMany!(ctx(), [{ item: { platformId: 'm_1', kind: 'message', threadRef: 'conv:1' }, action: 'hide' }, hide('page1_1_c')]);
    expect(outcomes[0]).toMatchObject({ kind: 'bad_request', details: { platformCode: 'message_moderation_unsupported' } });
    expect(outcomes[1]).toBeNull();
    expect(graph.calls.filter((c) => c.batched).map((c) => c.path)).toEqual(['/page1_1_c']);
  });

  test('a refused batch (an expired token) is the outcome of each of its operations, nothing hidden', async () => {
    const outcomes = await fb.moderateMany!(ctx('revoked'), [hide('page1_1_d'), hide('page1_1_e')]);
    expect(outcomes.map((o) => o?.kind)).toEqual(['auth_expired', 'auth_expired']);
    expect(outcomes[0]!.explanation.it).toMatch(/ricollega il canale/);
    expect(graph.hidden.size).toBe(0);
  });

  test('throttling of one operation is reported for that one only', async () => {
    graph.failNext(/^POST \/v21\.0\/$/, { status: 200, body: [{ code: 200, body: '{"success":true}' }, { code: 400, body: JSON.stringify((graphError(32, 'Page request limit reached').body as object)) }] });
    const outcomes = await fb.moderateMany!(ctx(), [hide('page1_1_f'), hide('page1_1_g')]);
    expect(outcomes[0]).toBeNull();
    expect(outcomes[1]).toMatchObject({ kind: 'rate_limited' });
    expect(outcomes[1]!.explanation.it).toMatch(/Meta ha limitato le chiamate/);
  });
});
