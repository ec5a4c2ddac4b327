/**
 * The channels registry: each channel's platform, handle, declared purpose and audience, owner
 * desk, status, credential custody (seed 004), and its connection secret sealed at rest.
 */
import type { Db } from '../../platform/db/index.ts';
import { pgConstraint, pgErrorCode, UNIQUE_VIOLATION } from '../../platform/db/pg-errors.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import { memberIdsOf, deskExists } from '../organisation/index.ts';
import { normalizeHandle, type ChannelStatus, type Platform } from './channels.fns.ts';
import * as repo from './channels.repo.ts';

export interface ChannelInput {
  platform: Platform;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId?: string | null;
  status?: ChannelStatus;
  kind?: 'institutional' | 'political';
  policyLinked?: boolean;
  custody?: { holders?: string[]; editors?: string[]; rotatedOn?: string | null };
}

export type ChannelsService = ReturnType<typeof createChannelsService>;

/** A channel as the API shows it: the secret only as "configured since". */
export function presentChannel(row: { channel: repo.ChannelRow; secretUpdatedAt: Date | null }) {
  const c = row.channel;
  return {
    id: c.id,
    platform: c.platform as Platform,
    handle: c.handle,
    name: c.name,
    url: c.url,
    purpose: c.purpose,
    audience: c.audience,
    ownerDeskId: c.ownerDeskId,
    status: c.status as ChannelStatus,
    kind: c.kind as 'institutional' | 'political',
    policyLinked: c.policyLinked,
    policyLinkConfirmedAt: c.policyLinkConfirmedAt?.toISOString() ?? null,
    custody: { holders: c.custodyHolders, editors: c.custodyEditors, rotatedOn: c.credentialsRotatedOn },
    credentials: { configured: row.secretUpdatedAt !== null, updatedAt: row.secretUpdatedAt?.toISOString() ?? null },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

export function createChannelsService(deps: { db: Db; secrets: SecretBox }) {
  const { db, secrets } = deps;

  /** Owner desk and custody people must belong to this Ente; errors name the fields. */
  async function validateRefs(tx: Db, enteId: string, input: Partial<ChannelInput>) {
    const errors: FieldError[] = [];
    if (input.ownerDeskId && !(await deskExists(tx, enteId, input.ownerDeskId))) {
      errors.push({ field: 'ownerDeskId', code: 'unknown_desk' });
    }
    const people = [...(input.custody?.holders ?? []), ...(input.custody?.editors ?? [])];
    const known = await memberIdsOf(tx, enteId, people);
    for (const list of ['holders', 'editors'] as const) {
      input.custody?.[list]?.forEach((id, i) => {
        if (!known.has(id)) errors.push({ field: `custody.${list}.${i}`, code: 'not_a_member' });
      });
    }
    if (errors.length) throw new DomainError('validation_failed', {}, errors);
  }

  function columns(input: Partial<ChannelInput>) {
    const { custody, handle, policyLinked, ...rest } = input;
    return {
      ...rest,
      ...(handle !== undefined ? { handle: normalizeHandle(handle) } : {}),
      ...(policyLinked !== undefined ? { policyLinked, policyLinkConfirmedAt: policyLinked ? new Date() : null } : {}),
      ...(custody?.holders ? { custodyHolders: custody.holders } : {}),
      ...(custody?.editors ? { custodyEditors: custody.editors } : {}),
      ...(custody && 'rotatedOn' in custody ? { credentialsRotatedOn: custody.rotatedOn ?? null } : {}),
    };
  }

  function duplicate(e: unknown, platform: string, handle: string): never {
    if (pgErrorCode(e) === UNIQUE_VIOLATION && (pgConstraint(e) ?? 'channels_handle_key') === 'channels_handle_key') {
      throw new DomainError('duplicate_channel', { platform, handle: normalizeHandle(handle) });
    }
    throw e;
  }

  return {
    list: async (enteId: string) => (await repo.listChannels(db, enteId)).map(presentChannel),

    async get(enteId: string, id: string) {
      const row = await repo.findChannel(db, enteId, id);
      if (!row) throw new DomainError('not_found', { what: 'channel' });
      return presentChannel(row);
    },

    async create(actor: AuditActor, enteId: string, input: ChannelInput) {
      try {
        return await db.transaction(async (tx) => {
          await validateRefs(tx, enteId, input);
          const c = await repo.insertChannel(tx, { enteId, ...columns(input) } as Parameters<typeof repo.insertChannel>[1]);
          await appendAudit(tx, enteId, actor, { action: 'channel.create', entityType: 'channel', entityId: c.id, after: c });
          return presentChannel({ channel: c, secretUpdatedAt: null });
        });
      } catch (e) {
        duplicate(e, input.platform, input.handle);
      }
    },

    async update(actor: AuditActor, enteId: string, id: string, patch: Partial<ChannelInput> & { version?: number }) {
      const { version, ...input } = patch;
      try {
        return await db.transaction(async (tx) => {
          const before = await repo.findChannel(tx, enteId, id);
          if (!before) throw new DomainError('not_found', { what: 'channel' });
          await validateRefs(tx, enteId, input);
          const after = await repo.updateChannel(tx, enteId, id, version ?? before.channel.version, columns(input));
          if (!after) throw new DomainError('version_conflict');
          await appendAudit(tx, enteId, actor, { action: 'channel.update', entityType: 'channel', entityId: id, before: before.channel, after });
          return presentChannel({ channel: after, secretUpdatedAt: before.secretUpdatedAt });
        });
      } catch (e) {
        duplicate(e, patch.platform ?? '', patch.handle ?? '');
      }
    },

    /** Stores (or, with null, removes) the channel's connection secret; audited without its value. */
    async setCredentials(actor: AuditActor, enteId: string, id: string, secret: string | null) {
      return db.transaction(async (tx) => {
        const before = await repo.findChannel(tx, enteId, id);
        if (!before) throw new DomainError('not_found', { what: 'channel' });
        if (secret === null) await repo.deleteSecret(tx, enteId, id);
        else await repo.upsertSecret(tx, enteId, id, secrets.seal(secret, `${enteId}:${id}`), actor.id);
        await appendAudit(tx, enteId, actor, {
          action: secret === null ? 'channel.credentials.remove' : 'channel.credentials.set',
          entityType: 'channel',
          entityId: id,
          after: { keyId: secrets.keyId },
        });
        return presentChannel((await repo.findChannel(tx, enteId, id))!);
      });
    },

    /** The clear secret, for connectors only; never exposed through the API. */
    async readCredentials(enteId: string, id: string): Promise<string | null> {
      const s = await repo.readSecret(db, enteId, id);
      return s ? secrets.open(s, `${enteId}:${id}`) : null;
    },
  };
}
