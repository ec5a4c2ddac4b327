import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { prepared } from '../../platform/db/prepared.ts';
import type { SealedSecret } from '../../platform/crypto/secrets.ts';

const { channels, channelSecrets } = schema;
export type ChannelRow = typeof channels.$inferSelect;

const withSecretFlag = {
  channel: channels,
  secretUpdatedAt: channelSecrets.updatedAt,
};

export async function listChannels(db: Db, enteId: string) {
  const query = prepared(db, 'listChannels', () =>
    db
      .select(withSecretFlag)
      .from(channels)
      .leftJoin(channelSecrets, and(eq(channelSecrets.enteId, channels.enteId), eq(channelSecrets.channelId, channels.id)))
      .where(eq(channels.enteId, sql.placeholder('enteId')))
      .orderBy(asc(channels.platform), asc(channels.name))
      .prepare('rdz_list_channels'),
  );
  return query.execute({ enteId });
}

export async function findChannel(db: Db, enteId: string, id: string) {
  const [row] = await db
    .select(withSecretFlag)
    .from(channels)
    .leftJoin(channelSecrets, and(eq(channelSecrets.enteId, channels.enteId), eq(channelSecrets.channelId, channels.id)))
    .where(and(eq(channels.enteId, enteId), eq(channels.id, id)));
  return row;
}

export async function insertChannel(db: Db, row: typeof channels.$inferInsert): Promise<ChannelRow> {
  const [c] = await db.insert(channels).values(row).returning();
  return c!;
}

export async function updateChannel(db: Db, enteId: string, id: string, version: number, patch: Partial<typeof channels.$inferInsert>) {
  const [c] = await db
    .update(channels)
    .set({ ...patch, updatedAt: new Date(), version: sql`${channels.version} + 1` })
    .where(and(eq(channels.enteId, enteId), eq(channels.id, id), eq(channels.version, version)))
    .returning();
  return c;
}

export async function upsertSecret(db: Db, enteId: string, channelId: string, sealed: SealedSecret, by: string | null) {
  const now = new Date();
  await db
    .insert(channelSecrets)
    .values({ enteId, channelId, ...sealed, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: [channelSecrets.enteId, channelSecrets.channelId], set: { ...sealed, updatedAt: now, updatedBy: by } });
  return now;
}

export async function readSecret(db: Db, enteId: string, channelId: string) {
  const [s] = await db
    .select()
    .from(channelSecrets)
    .where(and(eq(channelSecrets.enteId, enteId), eq(channelSecrets.channelId, channelId)));
  return s;
}

export async function deleteSecret(db: Db, enteId: string, channelId: string) {
  await db.delete(channelSecrets).where(and(eq(channelSecrets.enteId, enteId), eq(channelSecrets.channelId, channelId)));
}
