/**
 * Images and videos of posts, stored by Redazione in the database (ADR 0005). The format is
 * decided by the file's first bytes, not by what the client declares; a refused file leaves
 * nothing behind.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './editorial.repo.ts';
import { presentMedia, type Editor } from './editorial.shared.ts';
import { formatMegabytes, kindOf, sniffMedia, type MediaLimits } from './media.fns.ts';

/** Chunks of 1 MiB keep each statement small on both drivers. */
export const CHUNK_BYTES = 1024 * 1024;

/** A file name without folders or control characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 200) || 'file';
}

export const KIND_WORDS = { image: { it: 'le immagini', en: 'images' }, video: { it: 'i video', en: 'videos' } } as const;

export function createMediaService(deps: { db: Db; limits: MediaLimits }) {
  const { db, limits } = deps;

  return {
    limits,

    async upload(who: Editor, enteId: string, input: { filename: string; bytes: Buffer; altText?: string | null; hasCaptions?: boolean }) {
      const filename = cleanFilename(input.filename);
      const mime = sniffMedia(input.bytes);
      if (!mime) throw new DomainError('media_type_not_allowed', { filename });
      const kind = kindOf(mime);
      const limit = kind === 'image' ? limits.imageBytes : limits.videoBytes;
      if (input.bytes.length > limit) {
        throw new DomainError('media_too_large', { filename, limit: formatMegabytes(limit), kindIt: KIND_WORDS[kind].it, kindEn: KIND_WORDS[kind].en });
      }
      const sha256 = crypto.createHash('sha256').update(input.bytes).digest('hex');
      return db.transaction(async (tx) => {
        if (!(await repo.blobExists(tx, enteId, sha256))) {
          for (let seq = 0, at = 0; at < input.bytes.length; seq++, at += CHUNK_BYTES) {
            await repo.insertBlobChunk(tx, enteId, sha256, seq, input.bytes.subarray(at, at + CHUNK_BYTES));
          }
        }
        const m = await repo.insertMedia(tx, {
          enteId,
          filename,
          mime,
          kind,
          size: input.bytes.length,
          sha256,
          altText: input.altText?.trim() || null,
          hasCaptions: kind === 'video' ? (input.hasCaptions ?? false) : false,
          uploadedBy: who.userId,
        });
        await appendAudit(tx, enteId, who.audit, { action: 'media.upload', entityType: 'media', entityId: m.id, after: m });
        return presentMedia(m);
      });
    },

    async get(enteId: string, id: string) {
      const [m] = await repo.findMedia(db, enteId, [id]);
      if (!m) throw new DomainError('not_found', { what: 'media' });
      return presentMedia(m);
    },

    async content(enteId: string, id: string) {
      const [m] = await repo.findMedia(db, enteId, [id]);
      if (!m) throw new DomainError('not_found', { what: 'media' });
      return { media: m, bytes: await repo.readBlob(db, enteId, m.sha256) };
    },

    /** Alt text and captions flag; the file itself never changes (its hash names it). */
    async update(who: Editor, enteId: string, id: string, patch: { altText?: string | null; hasCaptions?: boolean; version: number }) {
      return db.transaction(async (tx) => {
        const [before] = await repo.findMedia(tx, enteId, [id]);
        if (!before) throw new DomainError('not_found', { what: 'media' });
        const after = await repo.updateMedia(tx, enteId, id, patch.version, {
          ...(patch.altText !== undefined ? { altText: patch.altText?.trim() || null } : {}),
          ...(patch.hasCaptions !== undefined ? { hasCaptions: patch.hasCaptions } : {}),
        });
        if (!after) throw new DomainError('version_conflict');
        await appendAudit(tx, enteId, who.audit, { action: 'media.update', entityType: 'media', entityId: id, before, after });
        return presentMedia(after);
      });
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
