/**
 * The Ente, its people with their roles, and the desks of its redazione unica. Every change
 * runs in one transaction with its audit event.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { pgErrorCode, UNIQUE_VIOLATION } from '../../platform/db/pg-errors.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import { findUserByEmail } from '../identity/index.ts';
import { DEFAULT_DESKS, type EnteType } from './organisation.fns.ts';
import * as repo from './organisation.repo.ts';

export interface EnteInput {
  slug: string;
  name: string;
  type: EnteType;
  codiceIpa?: string | null;
  timeZone?: string;
  parentSlug?: string | null;
  website?: string | null;
  email?: string | null;
}

export interface PersonInput {
  email: string;
  name: string;
  roles: string[];
  jobTitle?: string | null;
  password?: string;
  /** An argon2 hash computed beforehand (the demo seed hashes its one password once). */
  passwordHash?: string;
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;

export function createOrganisationService(deps: { db: Db }) {
  const { db } = deps;

  async function resolveParent(tx: Db, parentSlug: string | null | undefined, selfId?: string) {
    if (parentSlug === undefined) return undefined;
    if (parentSlug === null) return null;
    const parent = await repo.findEnteBySlug(tx, parentSlug);
    if (!parent || parent.id === selfId) {
      throw new DomainError('validation_failed', {}, [{ field: 'parentSlug', code: 'invalid_value' }]);
    }
    return parent.id;
  }

  return {
    /** Creates an Ente with the five default desks (CLI and demo seed). */
    async createEnte(actor: AuditActor, input: EnteInput) {
      try {
        return await db.transaction(async (tx) => {
          const parentId = await resolveParent(tx, input.parentSlug);
          const { parentSlug: _p, ...rest } = input;
          const ente = await repo.insertEnte(tx, { ...rest, parentId: parentId ?? null });
          await appendAudit(tx, ente.id, actor, { action: 'ente.create', entityType: 'ente', entityId: ente.id, after: ente });
          for (const d of DEFAULT_DESKS) {
            const desk = await repo.insertDesk(tx, { enteId: ente.id, ...d });
            await appendAudit(tx, ente.id, actor, { action: 'desk.create', entityType: 'desk', entityId: desk.id, after: desk });
          }
          return ente;
        });
      } catch (e) {
        if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new DomainError('duplicate_slug', { slug: input.slug });
        throw e;
      }
    },

    async updateEnte(actor: AuditActor, enteId: string, patch: Partial<Omit<EnteInput, 'slug'>> & { version?: number }) {
      return db.transaction(async (tx) => {
        const before = await repo.findEnteById(tx, enteId);
        if (!before) throw new DomainError('not_found', { what: 'ente' });
        const { version, parentSlug, ...fields } = patch;
        const parentId = await resolveParent(tx, parentSlug, enteId);
        const after = await repo.updateEnte(tx, enteId, version ?? before.version, {
          ...fields,
          ...(parentId !== undefined ? { parentId } : {}),
        });
        if (!after) throw new DomainError('version_conflict');
        await appendAudit(tx, enteId, actor, { action: 'ente.update', entityType: 'ente', entityId: enteId, before, after });
        return after;
      });
    },

    findEnteById: (id: string) => repo.findEnteById(db, id),
    findEnteBySlug: (slug: string) => repo.findEnteBySlug(db, slug),
    countEnti: () => repo.countEnti(db),
    listPeople: (enteId: string) => repo.listPeople(db, enteId),
    listDesks: (enteId: string) => repo.listDesks(db, enteId),

    /**
     * Adds a person to the Ente. A new user gets the given password, or a generated temporary
     * one that is returned once; an existing user (of another Ente) keeps theirs.
     */
    async addPerson(actor: AuditActor, enteId: string, input: PersonInput) {
      let temporaryPassword: string | null = null;
      const result = await db.transaction(async (tx) => {
        let user = await findUserByEmail(tx, input.email);
        if (!user) {
          const passwordHash =
            input.passwordHash ?? (await hashPassword(input.password ?? (temporaryPassword = crypto.randomBytes(12).toString('base64url'))));
          user = await repo.insertUser(tx, { email: input.email, name: input.name, passwordHash });
          await appendAudit(tx, enteId, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: user });
        }
        if (await repo.findMembership(tx, enteId, user.id)) throw new DomainError('duplicate_person', { email: input.email });
        await repo.insertMembership(tx, { enteId, userId: user.id, roles: input.roles, jobTitle: input.jobTitle ?? null });
        const after = { userId: user.id, email: user.email, name: user.name, roles: input.roles, jobTitle: input.jobTitle ?? null };
        await appendAudit(tx, enteId, actor, { action: 'person.add', entityType: 'person', entityId: user.id, after });
        return { user, roles: input.roles, jobTitle: input.jobTitle ?? null };
      });
      return { ...result, temporaryPassword };
    },

    async updatePerson(actor: AuditActor, enteId: string, userId: string, patch: { roles?: string[]; jobTitle?: string | null }) {
      return db.transaction(async (tx) => {
        const before = await repo.findMembership(tx, enteId, userId);
        if (!before) throw new DomainError('not_found', { what: 'person' });
        await repo.updateMembership(tx, enteId, userId, patch);
        if (before.roles.includes('amministratore') && (await repo.countAdmins(tx, enteId)) === 0) {
          throw new DomainError('last_admin');
        }
        const after = await repo.findMembership(tx, enteId, userId);
        await appendAudit(tx, enteId, actor, {
          action: 'person.update',
          entityType: 'person',
          entityId: userId,
          before: { roles: before.roles, jobTitle: before.jobTitle },
          after: { roles: after!.roles, jobTitle: after!.jobTitle },
        });
        return after!;
      });
    },

    async removePerson(actor: AuditActor, enteId: string, userId: string) {
      await db.transaction(async (tx) => {
        const before = await repo.findMembership(tx, enteId, userId);
        if (!before) throw new DomainError('not_found', { what: 'person' });
        await repo.deleteMembership(tx, enteId, userId);
        if (before.roles.includes('amministratore') && (await repo.countAdmins(tx, enteId)) === 0) {
          throw new DomainError('last_admin');
        }
        await appendAudit(tx, enteId, actor, {
          action: 'person.remove',
          entityType: 'person',
          entityId: userId,
          before: { email: before.user.email, roles: before.roles },
        });
      });
    },

    async createDesk(actor: AuditActor, enteId: string, input: { key: string; name: string; description?: string }) {
      try {
        return await db.transaction(async (tx) => {
          const desk = await repo.insertDesk(tx, { enteId, ...input });
          await appendAudit(tx, enteId, actor, { action: 'desk.create', entityType: 'desk', entityId: desk.id, after: desk });
          return (await repo.findDesk(tx, enteId, desk.id))!;
        });
      } catch (e) {
        if (pgErrorCode(e) === UNIQUE_VIOLATION) {
          throw new DomainError('validation_failed', {}, [{ field: 'key', code: 'duplicate' }]);
        }
        throw e;
      }
    },

    async updateDesk(
      actor: AuditActor,
      enteId: string,
      deskId: string,
      patch: { name?: string; description?: string; leadUserId?: string | null; memberIds?: string[]; version?: number },
    ) {
      return db.transaction(async (tx) => {
        const before = await repo.findDesk(tx, enteId, deskId);
        if (!before) throw new DomainError('not_found', { what: 'desk' });
        const wanted = [...(patch.memberIds ?? []), ...(patch.leadUserId ? [patch.leadUserId] : [])];
        const known = await repo.memberIds(tx, enteId, wanted);
        const errors: FieldError[] = [];
        patch.memberIds?.forEach((id, i) => {
          if (!known.has(id)) errors.push({ field: `memberIds.${i}`, code: 'not_a_member' });
        });
        if (patch.leadUserId && !known.has(patch.leadUserId)) errors.push({ field: 'leadUserId', code: 'not_a_member' });
        if (errors.length) throw new DomainError('validation_failed', {}, errors);
        const { memberIds, version, ...fields } = patch;
        const updated = await repo.updateDesk(tx, enteId, deskId, version ?? before.version, fields);
        if (!updated) throw new DomainError('version_conflict');
        if (memberIds) {
          const set = new Set(memberIds);
          if (patch.leadUserId) set.add(patch.leadUserId);
          await repo.replaceDeskMembers(tx, enteId, deskId, [...set]);
        }
        const after = (await repo.findDesk(tx, enteId, deskId))!;
        await appendAudit(tx, enteId, actor, { action: 'desk.update', entityType: 'desk', entityId: deskId, before, after });
        return after;
      });
    },
  };
}
