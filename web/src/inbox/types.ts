/**
 * Types of the community inbox API (src/modules/inbox/inbox.schemas.ts and inbox.routes.ts), kept
 * beside the inbox pages rather than in the shared api/types.ts.
 */
import type { Bilingual } from '../api/types';

export const ITEM_STATUSES = ['new', 'assigned', 'waiting', 'answered', 'closed', 'hidden'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export type Lateness = 'late' | 'soon' | 'on_time' | 'none';
export type ModerationActionKind = 'hide' | 'unhide' | 'delete';

/** GET /enti/{ente}/inbox/items → items[] */
export interface InboxItem {
  id: string;
  threadId: string;
  channel: { id: string; name: string; platform: string };
  kind: 'comment' | 'message';
  direction: 'in' | 'out';
  platformId: string;
  parentRef: string | null;
  author: { name: string; handle: string | null; platformId: string };
  text: string;
  url: string | null;
  receivedAt: string;
  status: ItemStatus;
  isQuestion: boolean;
  category: string | null;
  moderation: { decision: 'allow' | 'review' | 'hide' | null; decisionId: string | null; clauseNumber: string | null; needsReview: boolean };
  platformState: 'visible' | 'hidden' | 'deleted';
  /** What the office must do by hand on the platform (reply, hide, unhide, delete). */
  manualAction: string | null;
  deskId: string | null;
  assigneeId: string | null;
  dueAt: string | null;
  lateness: Lateness;
  answeredAt: string | null;
  closedAt: string | null;
  erased: boolean;
}

export interface InboxNote {
  id: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export interface ThreadItem extends InboxItem {
  parentId: string | null;
  notes: InboxNote[];
}

/** GET /enti/{ente}/inbox/items/{itemId}/thread */
export interface InboxThread {
  id: string;
  kind: 'comment' | 'message';
  threadRef: string;
  channelId: string;
  items: ThreadItem[];
}

/** POST …/reply */
export interface ReplyResult {
  delivery: 'sent' | 'manual';
  message: Bilingual | null;
  reply: InboxItem;
}

/** POST …/moderation */
export interface ModerateResult {
  item: InboxItem;
  onPlatform: 'done' | 'manual';
  message: Bilingual | null;
}

/** POST …/survey */
export interface SurveyResult {
  surveyId: string;
  url: string;
  delivery: 'sent' | 'manual';
  text: string;
}

/** GET /enti/{ente}/inbox/late */
export interface LateItems {
  soonHours: number;
  late: InboxItem[];
  soon: InboxItem[];
}

/** GET /enti/{ente}/inbox/summary */
export interface InboxSummary {
  at: string;
  new: number;
  open: number;
  review: number;
  hidden: number;
  manual: number;
  late: number;
  soon: number;
  last24h: number;
  sanctionsProposed: number;
  text: Bilingual;
}

export interface SavedReply {
  id: string;
  title: string;
  body: string;
  category: string | null;
  postId: string | null;
  updatedAt: string;
  version: number;
}

export interface InboxSettings {
  retentionDays: number;
  soonHours: number;
  recurringMinPeople: number;
  cartaDeiServiziUrl: string | null;
}

export interface RecurringQuestion {
  signature: string;
  terms: string[];
  people: number;
  count: number;
  first: string;
  last: string;
  examples: { itemId: string; text: string; authorName: string; channelId: string; at: string }[];
  answer: { postId: string; savedReplyId: string } | null;
}

export interface Sanction {
  id: string;
  channelId: string;
  authorPlatformId: string;
  authorName: string;
  clauseNumber: string;
  kind: 'warning' | 'block';
  violations: number;
  windowDays: number;
  status: SanctionStatus;
  createdAt: string;
}

export type SanctionStatus = 'proposta' | 'accettata' | 'applicata' | 'da_fare_a_mano' | 'respinta';

/** POST …/sanctions/{sanctionId}/accept */
export interface AcceptSanctionResult {
  sanction: Sanction;
  onPlatform: 'done' | 'manual' | 'recorded';
  message: Bilingual | null;
}

/** POST /enti/{ente}/inbox/privacy/export */
export interface CitizenExport {
  exportedAt: string;
  subject: { channelId: string; authorPlatformId: string; names: string[] };
  items: { id: string; kind: string; text: string; receivedAt: string; status: string; decision: string | null; clauseNumber: string | null; url: string | null }[];
  sanctions: { kind: string; clauseNumber: string; status: string; createdAt: string }[];
}
