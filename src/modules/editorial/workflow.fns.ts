/**
 * The editorial workflow as pure functions: the post state machine, what an approver approves
 * (a content hash per variant) and the four-eyes rule.
 *
 *   proposta ──(a redattore edits: takes it, writes the variants)──▶ in_lavorazione
 *   in_lavorazione ──submit (no blocking findings)──▶ in_approvazione
 *   in_approvazione ──approve (until every variant has the approvals the Ente requires)──▶ approvato
 *   in_approvazione ──reject (with a comment)──▶ rifiutato
 *   approvato ──schedule (a date-time per channel; when every variant has one)──▶ programmato
 *   rifiutato ──edit by a redattore──▶ in_lavorazione ; ──edit by its proponente──▶ proposta
 *   in_approvazione | approvato | programmato ──edit of text, link, media or par condicio──▶
 *       in_lavorazione (approvals invalidated)
 *   programmato ──publish (next issue: the publishing worker)──▶ pubblicato
 *
 * An edit that does not change what was approved (e.g. the desk) keeps the status.
 */
import crypto from 'node:crypto';

export const POST_STATUSES = ['proposta', 'in_lavorazione', 'in_approvazione', 'approvato', 'programmato', 'rifiutato', 'pubblicato'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const VARIANT_STATUSES = ['bozza', 'in_approvazione', 'approvato', 'programmato', 'sospeso_crisi', 'pubblicato'] as const;
export type VariantStatus = (typeof VARIANT_STATUSES)[number];

/**
 * The pause of crisis mode (issue 8): a scheduled variant paused by a declared crisis keeps its
 * date and waits in `sospeso_crisi` until the office reschedules or drops it. The one predicate
 * the publishing worker asks before it publishes a variant.
 */
export function variantMayPublish(status: string): boolean {
  return status === 'programmato';
}

/** Whether a variant is paused by a crisis. */
export function isPausedForCrisis(status: string): boolean {
  return status === 'sospeso_crisi';
}

export const STATUS_LABELS: Record<PostStatus, { it: string; en: string }> = {
  proposta: { it: 'Proposta', en: 'Proposal' },
  in_lavorazione: { it: 'In lavorazione', en: 'In progress' },
  in_approvazione: { it: 'In approvazione', en: 'Awaiting approval' },
  approvato: { it: 'Approvato', en: 'Approved' },
  programmato: { it: 'Programmato', en: 'Scheduled' },
  rifiutato: { it: 'Rifiutato', en: 'Rejected' },
  pubblicato: { it: 'Pubblicato', en: 'Published' },
};

export type WorkflowEvent =
  /** The proposer changes their own proposal (never the variants). */
  | { type: 'edit_proposal' }
  /** A redattore edits; `contentChanged` when what approvers approve changed. */
  | { type: 'edit'; contentChanged: boolean }
  | { type: 'submit' }
  /** `complete` when, after this approval, every variant has enough approvals. */
  | { type: 'approve'; complete: boolean }
  | { type: 'reject' }
  /** `complete` when, after this, every variant has a date-time. */
  | { type: 'schedule'; complete: boolean }
  | { type: 'publish' };

/** The status after an event, or null when the event is not allowed in that status. */
export function transition(status: PostStatus, event: WorkflowEvent): PostStatus | null {
  switch (event.type) {
    case 'edit_proposal':
      return status === 'proposta' || status === 'rifiutato' ? 'proposta' : null;
    case 'edit':
      switch (status) {
        case 'proposta':
        case 'in_lavorazione':
        case 'rifiutato':
          return 'in_lavorazione';
        case 'in_approvazione':
        case 'approvato':
        case 'programmato':
          return event.contentChanged ? 'in_lavorazione' : status;
        case 'pubblicato':
          return null;
      }
      return null;
    case 'submit':
      return status === 'in_lavorazione' ? 'in_approvazione' : null;
    case 'approve':
      if (status !== 'in_approvazione') return null;
      return event.complete ? 'approvato' : 'in_approvazione';
    case 'reject':
      return status === 'in_approvazione' ? 'rifiutato' : null;
    case 'schedule':
      if (status !== 'approvato' && status !== 'programmato') return null;
      return event.complete ? 'programmato' : 'approvato';
    case 'publish':
      return status === 'programmato' ? 'pubblicato' : null;
  }
}

/**
 * The status a variant takes when its post enters a status (variants follow the post; once
 * approved, each variant becomes programmato when it gets its date-time).
 */
export function variantStatusFor(post: PostStatus): VariantStatus {
  switch (post) {
    case 'in_approvazione':
      return 'in_approvazione';
    case 'approvato':
      return 'approvato';
    case 'programmato':
      return 'programmato';
    case 'pubblicato':
      return 'pubblicato';
    default:
      return 'bozza';
  }
}

export interface ApprovedContent {
  text: string;
  link: string | null;
  mediaIds: readonly string[];
  parCondicio: { impersonal: boolean; indispensable: boolean; reason: string | null };
}

/** sha256 of what an approver approves for one channel: an approval is valid only for this hash. */
export function contentHash(c: ApprovedContent): string {
  const canonical = JSON.stringify([
    c.text.normalize('NFC'),
    c.link ?? null,
    [...c.mediaIds],
    [c.parCondicio.impersonal, c.parCondicio.indispensable, c.parCondicio.reason ?? null],
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/**
 * Four eyes: who wrote the post, last edited its text or last edited this variant cannot approve
 * it. Returns the reason, or null when the approver is someone else.
 */
export function fourEyesConflict(
  approverId: string,
  post: { authorId: string; lastEditorId: string },
  variantEditorId: string,
): 'author' | 'editor' | null {
  if (approverId === post.authorId) return 'author';
  if (approverId === post.lastEditorId || approverId === variantEditorId) return 'editor';
  return null;
}

/** Whether every channel has at least `required` distinct valid approvals. */
export function approvalsComplete(channelIds: readonly string[], approvals: readonly { channelId: string; approverId: string }[], required: number): boolean {
  if (channelIds.length === 0) return false;
  return channelIds.every((c) => new Set(approvals.filter((a) => a.channelId === c).map((a) => a.approverId)).size >= required);
}
