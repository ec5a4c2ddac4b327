/**
 * Fedify's KvStore on our database (table ap_kv): shared by every process on one PostgreSQL,
 * unlike MemoryKvStore, so inbox idempotence and the key cache hold across processes and restarts.
 * Keys are arrays of strings, stored as their JSON; TTL becomes an expiry time.
 */
import type { KvKey, KvStore, KvStoreSetOptions } from '@fedify/fedify';
import type { Db } from '../../platform/db/index.ts';
import { kvDelete, kvGet, kvSet } from './activitypub.repo.ts';

export class DbKvStore implements KvStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    return (await kvGet(this.db, JSON.stringify(key), this.now())) as T | undefined;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttlMs = options?.ttl ? options.ttl.total({ unit: 'millisecond' }) : null;
    const expiresAt = ttlMs === null ? null : new Date(this.now().getTime() + ttlMs);
    // jsonb cannot hold undefined: store null, which get() returns as "present, empty".
    await kvSet(this.db, JSON.stringify(key), value === undefined ? null : value, expiresAt);
  }

  async delete(key: KvKey): Promise<void> {
    await kvDelete(this.db, JSON.stringify(key));
  }
}
