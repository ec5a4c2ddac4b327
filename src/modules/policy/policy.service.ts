/**
 * The social media policy of an Ente: an editable draft per kind (created on first read from the
 * Ente's profile), immutable adopted versions, the version in force (the last adopted), the
 * "da rivedere" flag, diffs, the moderation rulebook and the renderings. Every change is audited
 * in its own transaction.
 */
import type { Db } from '../../platform/db/index.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import {
  diffPolicies,
  draftExternalPolicy,
  draftInternalPolicy,
  renderPolicyHtml,
  renderPolicyMarkdown,
  renderPolicyPdf,
  rulebookFromExternal,
  validatePolicyDocument,
  type ExternalPolicyDocument,
  type PolicyDocument,
  type PolicyKind,
  type PolicyRenderMeta,
} from './kit/index.ts';
import type { Rulebook } from './rulebook.ts';
import { documentSha256, isRealDate, kitErrorToField, reviewReasons, todayIn } from './policy.fns.ts';
import { buildProfile, type ProfileDeps } from './policy.profile.ts';
import * as repo from './policy.repo.ts';

export interface AdoptionAct {
  type: 'delibera' | 'determina';
  number: string;
  date: string;
}

/** The rulebook the API returns: never the starter kit, since every Ente has a draft. */
export type PolicyRulebook = Omit<Rulebook, 'source'> & { source: 'in_force' | 'draft'; adoption: AdoptionAct | null };

export type PolicyService = ReturnType<typeof createPolicyService>;

/** "draft" or a version number, as the diff takes them. */
export type VersionRef = 'draft' | number;

function presentDraft(d: repo.DraftRow) {
  return {
    document: d.document as PolicyDocument,
    revision: d.revision,
    sha256: documentSha256(d.document),
    updatedBy: d.updatedBy,
    updatedAt: d.updatedAt.toISOString(),
  };
}

function presentSummary(v: repo.VersionSummaryRow, inForce: number | null) {
  return {
    number: v.number,
    status: v.number === inForce ? ('in_force' as const) : ('superseded' as const),
    act: { type: v.actType as AdoptionAct['type'], number: v.actNumber, date: v.actDate },
    sha256: v.documentSha256,
    adoptedBy: { id: v.adoptedBy, label: v.adoptedByLabel },
    adoptedAt: v.adoptedAt.toISOString(),
    draftRevision: v.draftRevision,
    channelIds: v.channelIds,
  };
}

function presentVersion(v: repo.VersionRow, inForce: number | null) {
  return { ...presentSummary(v, inForce), document: v.document as PolicyDocument };
}

export function createPolicyService(deps: { db: Db; publicUrl?: string | null } & ProfileDeps) {
  const { db } = deps;

  /** A fresh draft of the kind, from the Ente's current profile. */
  async function generate(enteId: string, kind: PolicyKind): Promise<PolicyDocument> {
    const profile = await buildProfile(deps, enteId);
    return kind === 'external' ? draftExternalPolicy(profile) : draftInternalPolicy(profile);
  }

  /** The draft, created from the profile on first use (and audited as such). */
  async function ensureDraft(actor: AuditActor, enteId: string, kind: PolicyKind): Promise<repo.DraftRow> {
    const existing = await repo.findDraft(db, enteId, kind);
    if (existing) return existing;
    const document = await generate(enteId, kind);
    return db.transaction(async (tx) => {
      const inserted = await repo.insertDraft(tx, { enteId, kind, document, revision: 1, updatedBy: actor.id });
      if (!inserted) return (await repo.findDraft(tx, enteId, kind))!; // a concurrent first read won
      await appendAudit(tx, enteId, actor, {
        action: 'policy.draft.generate',
        entityType: 'policy',
        entityId: kind,
        after: { revision: 1, sha256: documentSha256(document), document },
      });
      return inserted;
    });
  }

  async function versionOrThrow(enteId: string, kind: PolicyKind, n: number) {
    const v = await repo.findVersion(db, enteId, kind, n);
    if (!v) throw new DomainError('not_found', { what: `policy ${kind} v${n}` });
    return v;
  }

  /** The version in force with the reasons to review it. */
  async function inForceOf(enteId: string, kind: PolicyKind, timeZone: string) {
    const v = await repo.findLatestVersion(db, enteId, kind);
    if (!v) return null;
    const reasons = reviewReasons(v, await repo.currentChannelIds(db, enteId), todayIn(timeZone));
    return { version: presentVersion(v, v.number), review: { needed: reasons.length > 0, reasons } };
  }

  /** Checks a document against the kit's rules and the kind of the URL; errors name fields. */
  function checkDocument(kind: PolicyKind, doc: PolicyDocument): void {
    const errors: FieldError[] = validatePolicyDocument(doc).map((m) => kitErrorToField(m));
    if (doc.kind !== kind) errors.push({ field: 'document.kind', code: 'invalid_value', message: `must be '${kind}'` });
    if (errors.length) throw new DomainError('validation_failed', {}, errors);
  }

  return {
    /** The draft (created if missing), the version in force and whether it is "da rivedere". */
    async get(actor: AuditActor, ente: { id: string; timeZone: string }, kind: PolicyKind) {
      const draft = await ensureDraft(actor, ente.id, kind);
      const current = await inForceOf(ente.id, kind, ente.timeZone);
      const presented = presentDraft(draft);
      return {
        kind,
        draft: { ...presented, differsFromInForce: current ? current.version.sha256 !== presented.sha256 : true },
        inForce: current?.version ?? null,
        review: current?.review ?? null,
      };
    },

    /** Replaces the draft when `revision` is still current: 409 otherwise, nobody overwrites silently. */
    async updateDraft(actor: AuditActor, enteId: string, kind: PolicyKind, input: { revision: number; document: PolicyDocument }) {
      checkDocument(kind, input.document);
      await ensureDraft(actor, enteId, kind);
      return db.transaction(async (tx) => {
        const before = await repo.findDraft(tx, enteId, kind);
        const after = await repo.updateDraft(tx, enteId, kind, input.revision, input.document, actor.id);
        if (!before || !after) throw new DomainError('version_conflict');
        await appendAudit(tx, enteId, actor, {
          action: 'policy.draft.update',
          entityType: 'policy',
          entityId: kind,
          before: { revision: before.revision, sha256: documentSha256(before.document) },
          after: { revision: after.revision, sha256: documentSha256(after.document), document: after.document },
        });
        return presentDraft(after);
      });
    },

    /** Newest first, without documents. */
    async listVersions(enteId: string, kind: PolicyKind) {
      const rows = await repo.listVersions(db, enteId, kind);
      const inForce = rows[0]?.number ?? null;
      return rows.map((r) => presentSummary(r, inForce));
    },

    async getVersion(enteId: string, kind: PolicyKind, n: number) {
      const v = await versionOrThrow(enteId, kind, n);
      const latest = await repo.findLatestVersion(db, enteId, kind);
      return presentVersion(v, latest?.number ?? null);
    },

    /** What changed from one version (or the draft) to another. */
    async diff(actor: AuditActor, enteId: string, kind: PolicyKind, from: VersionRef, to: VersionRef) {
      const load = async (ref: VersionRef) =>
        ref === 'draft' ? ((await ensureDraft(actor, enteId, kind)).document as PolicyDocument) : ((await versionOrThrow(enteId, kind, ref)).document as PolicyDocument);
      return { from, to, diff: diffPolicies(await load(from), await load(to)) };
    },

    /**
     * Adopts the current draft as a new immutable version, in force from now. The caller checked
     * the approvatore role; `revision`, when given, must still be the draft's (what was read is
     * what is adopted).
     */
    async adopt(actor: AuditActor, ente: { id: string; timeZone: string }, kind: PolicyKind, input: { act: AdoptionAct; revision?: number }) {
      const act = { ...input.act, number: input.act.number.trim() };
      const errors: FieldError[] = [];
      if (!isRealDate(act.date)) errors.push({ field: 'act.date', code: 'invalid_format' });
      else if (act.date > todayIn(ente.timeZone)) {
        errors.push({ field: 'act.date', code: 'invalid_value', message: "La data dell'atto non può essere futura. / The act's date cannot be in the future." });
      }
      if (act.number === '') errors.push({ field: 'act.number', code: 'required' });
      if (errors.length) throw new DomainError('validation_failed', {}, errors);
      await ensureDraft(actor, ente.id, kind);
      return db.transaction(async (tx) => {
        const draft = await repo.lockDraft(tx, ente.id, kind);
        if (!draft || (input.revision !== undefined && input.revision !== draft.revision)) throw new DomainError('version_conflict');
        const invalid = validatePolicyDocument(draft.document);
        if (invalid.length) throw new DomainError('validation_failed', {}, invalid.map((m) => kitErrorToField(m)));
        const previous = await repo.findLatestVersion(tx, ente.id, kind);
        const v = await repo.insertVersion(tx, {
          enteId: ente.id,
          kind,
          number: (previous?.number ?? 0) + 1,
          document: draft.document,
          documentSha256: documentSha256(draft.document),
          actType: act.type,
          actNumber: act.number,
          actDate: act.date,
          adoptedBy: actor.id,
          adoptedByLabel: actor.label,
          draftRevision: draft.revision,
          channelIds: await repo.currentChannelIds(tx, ente.id),
        });
        const { document: _d, ...record } = v;
        await appendAudit(tx, ente.id, actor, { action: 'policy.adopt', entityType: 'policy', entityId: `${kind}/v${v.number}`, after: record });
        return presentVersion(v, v.number);
      });
    },

    /**
     * The moderation rulebook: the clauses and hours of the external policy in force, or of the
     * draft (source "draft", version null) while none is adopted.
     */
    async rulebook(actor: AuditActor, enteId: string): Promise<PolicyRulebook> {
      const v = await repo.findLatestVersion(db, enteId, 'external');
      if (v) {
        return {
          ...rulebookFromExternal(v.document as ExternalPolicyDocument, v.number, 'in_force'),
          source: 'in_force',
          adoption: { type: v.actType as AdoptionAct['type'], number: v.actNumber, date: v.actDate },
        };
      }
      const draft = await ensureDraft(actor, enteId, 'external');
      return { ...rulebookFromExternal(draft.document as ExternalPolicyDocument, null, 'draft'), source: 'draft', adoption: null };
    },

    /** The external policy as published: the version in force, or version `n`. */
    async published(enteId: string, n?: number) {
      const latest = await repo.findLatestVersion(db, enteId, 'external');
      if (!latest) return null;
      const v = n === undefined || n === latest.number ? latest : await repo.findVersion(db, enteId, 'external', n);
      if (!v) return null;
      const versions = await repo.listVersions(db, enteId, 'external');
      return { version: presentVersion(v, latest.number), versions: versions.map((r) => presentSummary(r, latest.number)) };
    },

    /** The renderer's meta line of a version. */
    renderMeta(enteName: string, v: { number: number; act: AdoptionAct }, publishedPath?: string): PolicyRenderMeta {
      return {
        enteName,
        version: v.number,
        adoption: v.act,
        ...(deps.publicUrl && publishedPath ? { publishedUrl: `${deps.publicUrl}${publishedPath}` } : {}),
      };
    },

    renderHtml: renderPolicyHtml,
    renderMarkdown: renderPolicyMarkdown,
    renderPdf: renderPolicyPdf,
  };
}
