import { describe, expect, test } from 'vitest';
import { allocateTokens, backoffMs, claimSize, decide, DEFAULT_RETRY, idleSleepMs, needsRefresh, nextState, takeToken, type PublicationEvent, type PublicationState } from './publishing.fns.ts';

describe('nextState', () => {
  test.each<[PublicationState, PublicationEvent, PublicationState | null]>([
    ['programmato', { type: 'claim' }, 'in_pubblicazione'],
    ['da_riprovare', { type: 'claim' }, 'in_pubblicazione'],
    ['in_pubblicazione', { type: 'claim' }, 'in_pubblicazione'], // lease expired: taken again
    ['pubblicato', { type: 'claim' }, null],
    ['da_verificare', { type: 'claim' }, null],
    ['in_pubblicazione', { type: 'published' }, 'pubblicato'],
    ['in_pubblicazione', { type: 'retry' }, 'da_riprovare'],
    ['in_pubblicazione', { type: 'needs_person' }, 'da_verificare'],
    ['in_pubblicazione', { type: 'fail' }, 'fallito'],
    ['fallito', { type: 'requeue' }, 'programmato'],
    ['pubblicato', { type: 'requeue' }, null],
    ['in_pubblicazione', { type: 'requeue' }, null],
    ['da_verificare', { type: 'requeue' }, null],
    ['da_verificare', { type: 'resolve', published: true }, 'pubblicato'],
    ['da_verificare', { type: 'resolve', published: false }, 'programmato'],
    ['fallito', { type: 'resolve', published: true }, null],
    ['pubblicato', { type: 'cancel' }, null],
  ])('%s + %o → %s', (s, e, next) => expect(nextState(s, e)).toBe(next));
});

describe('backoffMs', () => {
  const p = { baseMs: 1_000, capMs: 10_000 };
  test.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [2, 0, 1_000],
    [3, 1, 4_000],
    [10, 1, 10_000],
    [10, 0, 5_000],
  ])('failure %i, random %f → %i ms', (f, r, ms) => expect(backoffMs(f, p, r)).toBe(ms));
});

describe('decide', () => {
  const base = { failures: 0, policy: { ...DEFAULT_RETRY, maxFailures: 3, baseMs: 1_000 }, canLookup: true, canRefresh: false, random: 1 };
  test.each([
    ['rate_limited', { retryAfterMs: 5_000 }, { action: 'retry', afterMs: 5_000, countsAsFailure: false, needsLookup: false }],
    ['rate_limited', { failures: 10 }, { action: 'retry', afterMs: 60_000, countsAsFailure: false, needsLookup: false }],
    ['transient', {}, { action: 'retry', afterMs: 1_000, countsAsFailure: true, needsLookup: false }],
    ['transient', { failures: 2 }, { action: 'fail', reason: 'too_many_failures', disconnect: false }],
    ['unknown_outcome', {}, { action: 'retry', afterMs: 1_000, countsAsFailure: true, needsLookup: true }],
    ['unknown_outcome', { canLookup: false }, { action: 'verify' }],
    ['unknown_outcome', { failures: 2 }, { action: 'verify' }],
    ['auth_expired', {}, { action: 'fail', reason: 'auth_expired', disconnect: true }],
    ['auth_expired', { canRefresh: true }, { action: 'retry', afterMs: 0, countsAsFailure: true, needsLookup: false, refresh: true }],
    ['disconnected', {}, { action: 'fail', reason: 'disconnected', disconnect: true }],
    ['bad_request', {}, { action: 'fail', reason: 'bad_request', disconnect: false }],
    ['media_rejected', {}, { action: 'fail', reason: 'media_rejected', disconnect: false }],
  ] as const)('%s %o', (kind, extra, expected) => expect(decide(kind, { ...base, ...extra })).toEqual(expected));
});

describe('takeToken', () => {
  const limit = { requests: 2, perMs: 1_000 };
  test('a full bucket gives tokens until empty, then says how long to wait', () => {
    const a = takeToken(null, limit, 0);
    expect(a.ok).toBe(true);
    const b = takeToken(a.bucket, limit, 0);
    expect(b.ok).toBe(true);
    const c = takeToken(b.bucket, limit, 0);
    expect(c).toEqual({ ok: false, bucket: { tokens: 0, updatedAt: 0 }, waitMs: 500 });
    const d = takeToken(c.bucket, limit, 500);
    expect(d.ok).toBe(true);
  });
  test.each([
    [{ tokens: 0, updatedAt: 0 }, 250, false],
    [{ tokens: 0.5, updatedAt: 0 }, 250, true],
    [{ tokens: 0, updatedAt: 0 }, 10_000, true],
  ])('bucket %o at %i ms → ok %s', (bucket, now, ok) => expect(takeToken(bucket, limit, now).ok).toBe(ok));
  test('never above capacity', () => {
    const r = takeToken({ tokens: 0, updatedAt: 0 }, limit, 1e9);
    expect(r.ok && r.bucket.tokens).toBe(1);
  });
});

describe('needsRefresh', () => {
  const at = new Date('2026-01-01T12:00:00Z');
  test.each([
    [null, false],
    ['2026-01-01T13:00:00Z', false],
    ['2026-01-01T12:05:00Z', true],
    ['2026-01-01T11:00:00Z', true],
    ['not a date', false],
  ])('expires %s → %s', (exp, r) => expect(needsRefresh(exp, at)).toBe(r));
});

describe('allocateTokens (one read and one write of the buckets per claimed batch)', () => {
  const perMin = (requests: number) => ({ requests, perMs: 60_000 });
  const ch = (key: string, requests: number) => ({ key, limit: perMin(requests) });
  test.each<[string, { keys: ReturnType<typeof ch>[] }[], [string, { tokens: number; updatedAt: number }][], ({ ok: true } | { ok: false; waitMs: number })[], Record<string, number>]>([
    ['fresh buckets start full', [{ keys: [ch('a', 2)] }, { keys: [ch('a', 2)] }], [], [{ ok: true }, { ok: true }], { a: 0 }],
    ['the third row of a 2-token bucket waits one refill', [{ keys: [ch('a', 2)] }, { keys: [ch('a', 2)] }, { keys: [ch('a', 2)] }], [], [{ ok: true }, { ok: true }, { ok: false, waitMs: 30_000 }], { a: 0 }],
    ['an empty app bucket holds back a row whose channel has tokens, and takes none of them', [{ keys: [ch('c1', 5), ch('app', 1)] }, { keys: [ch('c2', 5), ch('app', 1)] }], [], [{ ok: true }, { ok: false, waitMs: 60_000 }], { c1: 4, app: 0 }],
    ['stored buckets refill with time', [{ keys: [ch('a', 60)] }], [['a', { tokens: 0, updatedAt: 1_000_000 - 2_000 }]], [{ ok: true }], { a: 1 }],
    ['different channels do not share', [{ keys: [ch('a', 1)] }, { keys: [ch('b', 1)] }], [], [{ ok: true }, { ok: true }], { a: 0, b: 0 }],
  ])('%s', (_, needs, stored, expected, tokensAfter) => {
    const r = allocateTokens(needs, new Map(stored), 1_000_000);
    expect(r.results).toEqual(expected);
    for (const [k, t] of Object.entries(tokensAfter)) expect(r.buckets.get(k)!.tokens).toBeCloseTo(t);
    expect(r.touched).toEqual(Object.keys(tokensAfter).sort());
  });
  test('gives the same answers as takeToken row by row', () => {
    const limit = { requests: 3, perMs: 1_000 };
    let b: { tokens: number; updatedAt: number } | null = null;
    const oneByOne = Array.from({ length: 5 }, () => {
      const t = takeToken(b, limit, 0);
      if (t.ok) b = t.bucket;
      return t.ok;
    });
    const batch = allocateTokens(Array.from({ length: 5 }, () => ({ keys: [{ key: 'k', limit }] })), new Map(), 0);
    expect(batch.results.map((r) => r.ok)).toEqual(oneByOne);
  });
});

describe('claimSize (claim in batches, not one row per finished publication)', () => {
  test.each([
    // inflight, concurrency, batch → rows to claim
    [0, 32, 32, 32],
    [0, 32, 50, 32],
    [0, 100, 50, 50],
    [31, 32, 32, 0], // busy: one free slot is not worth a transaction
    [17, 32, 32, 0],
    [16, 32, 32, 16],
    [0, 1, 32, 1],
    [1, 1, 32, 0],
    [0, 4, 1, 1],
    [3, 4, 1, 1],
    [32, 32, 32, 0],
  ])('inflight %i of %i, batch %i → %i', (inflight, concurrency, batch, n) => expect(claimSize(inflight, concurrency, batch)).toBe(n));
});

describe('idleSleepMs (sleep until the next due time, capped)', () => {
  const now = 1_000_000;
  test.each<[Date | null, number, number]>([
    [null, 1_000, 1_000],
    [new Date(now + 300), 1_000, 300],
    [new Date(now + 5_000), 1_000, 1_000],
    [new Date(now - 10), 1_000, 0],
    [new Date(now), 1_000, 0],
  ])('next due %s, cap %i → %i ms', (next, cap, ms) => expect(idleSleepMs(next, now, cap)).toBe(ms));
});
