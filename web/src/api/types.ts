/**
 * Types of the Redazione API v1, written by hand from docs/openapi.json and the zod schemas that
 * generate it (src/modules/*\/*.schemas.ts). Keep in step with the server.
 */

export const ROLES = [
  'amministratore',
  'social_media_manager',
  'redattore',
  'proponente',
  'approvatore',
  'osservatore',
] as const;
export type Role = (typeof ROLES)[number];

export const ENTE_TYPES = ['comune', 'provincia', 'regione', 'camera_di_commercio', 'agenzia', 'ministero', 'altro'] as const;
export type EnteType = (typeof ENTE_TYPES)[number];

export const PLATFORMS = [
  'facebook_page',
  'instagram',
  'x',
  'youtube',
  'linkedin',
  'telegram',
  'whatsapp',
  'messenger',
  'bluesky',
  'mastodon',
  'activitypub',
  'website',
  'rss',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CHANNEL_STATUSES = ['attivo', 'sospeso', 'da_ricollegare', 'archiviato'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const CHANNEL_KINDS = ['institutional', 'political'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** RFC 9457 problem document: every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  locale: string;
}

export interface MeEnte {
  id: string;
  slug: string;
  name: string;
  type: string;
  roles: Role[];
  /** What the roles allow in this Ente, computed by the server (the one table of grants). */
  permissions: string[];
}

/** GET /me */
export interface Me {
  user: User;
  via: 'session' | 'token';
  csrfToken: string | null;
  enti: MeEnte[];
}

/** POST /auth/login */
export interface LoginResponse extends Me {
  expiresAt: string;
}

export interface LoginBody {
  email: string;
  password: string;
}

/** GET /auth/options */
export interface AuthOptions {
  password: boolean;
  oidc: { label: string; url: string } | null;
}

export interface Ente {
  id: string;
  slug: string;
  name: string;
  type: EnteType;
  codiceIpa: string | null;
  timeZone: string;
  parent: { slug: string; name: string } | null;
  website: string | null;
  email: string | null;
  /** The current user's roles in this Ente. */
  roles: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** PATCH /enti/{ente} */
export interface EnteUpdateBody {
  name?: string;
  type?: EnteType;
  codiceIpa?: string | null;
  timeZone?: string;
  parentSlug?: string | null;
  website?: string | null;
  email?: string | null;
  version?: number;
}

export interface Person {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  jobTitle: string | null;
  /** Keys of the desks the person belongs to. */
  desks: string[];
}

export interface PersonCreateBody {
  email: string;
  name: string;
  roles: Role[];
  jobTitle?: string | null;
  password?: string;
}

export interface PersonCreated extends Person {
  temporaryPassword: string | null;
}

export interface PersonUpdateBody {
  roles?: Role[];
  jobTitle?: string | null;
}

export interface Desk {
  id: string;
  key: string;
  name: string;
  description: string;
  lead: { userId: string; name: string } | null;
  members: { userId: string; name: string; email: string }[];
  version: number;
}

export interface DeskUpdateBody {
  name?: string;
  description?: string;
  leadUserId?: string | null;
  memberIds?: string[];
  version?: number;
}

export interface Custody {
  holders: string[];
  editors: string[];
  rotatedOn: string | null;
}

export interface Channel {
  id: string;
  platform: Platform;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId: string | null;
  status: ChannelStatus;
  kind: ChannelKind;
  policyLinked: boolean;
  policyLinkConfirmedAt: string | null;
  custody: Custody;
  credentials: { configured: boolean; updatedAt: string | null };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ChannelCreateBody {
  platform: Platform;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId?: string | null;
  status?: ChannelStatus;
  kind?: ChannelKind;
  policyLinked?: boolean;
  custody?: Partial<Custody>;
}

export type ChannelUpdateBody = Partial<ChannelCreateBody> & { version?: number };

export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  /** e.g. channel.create, ente.update */
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  brokenAt?: number;
  reason?: string;
}

// --- Social media policy (src/modules/policy/policy.schemas.ts) ---

export const POLICY_KINDS = ['external', 'internal'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const MODERATION_CATEGORIES = [
  'insulti',
  'turpiloquio',
  'minacce',
  'discriminazione',
  'fuori_tema',
  'dati_personali',
  'flooding',
  'disturbo',
  'spam',
  'propaganda_politica',
  'maiuscolo',
  'profili_falsi',
  'copyright',
  'contenuti_illeciti',
  'altro',
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

export const MODERATION_ACTIONS = ['hide', 'review', 'delete'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export interface PolicySection {
  key: string;
  title: string;
  body: string;
}

export interface PolicyClause {
  number: string;
  title: string;
  category: ModerationCategory;
  action: ModerationAction;
  text: string;
  sanctions?: { warnAfter?: number; blockAfter?: number; windowDays?: number };
}

export interface ModerationHours {
  schedule: {
    timeZone: string;
    /** "0" = Sunday … "6" = Saturday */
    days: Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { from: string; to: string }[]>>;
    closedOnPublicHolidays: boolean;
    closedDates: string[];
  };
  hideForReviewOffHours: boolean;
  responseTimeHours: number;
}

export interface ExternalPolicyDocument {
  kind: 'external';
  title: string;
  sections: PolicySection[];
  clauses: PolicyClause[];
  hours: ModerationHours;
  channels: { platform: string; name: string; handle: string; url: string; purpose: string }[];
}

export interface InternalPolicyDocument {
  kind: 'internal';
  title: string;
  sections: PolicySection[];
}

export type PolicyDocument = ExternalPolicyDocument | InternalPolicyDocument;

export interface AdoptionAct {
  type: 'delibera' | 'determina';
  number: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface PolicyDraft {
  document: PolicyDocument;
  revision: number;
  sha256: string;
  updatedBy: string | null;
  updatedAt: string;
}

export interface PolicyVersionSummary {
  number: number;
  status: 'in_force' | 'superseded';
  act: AdoptionAct;
  sha256: string;
  adoptedBy: { id: string | null; label: string };
  adoptedAt: string;
  draftRevision: number;
  channelIds: string[];
}

export interface PolicyVersion extends PolicyVersionSummary {
  document: PolicyDocument;
}

export type PolicyReviewReason = 'older_than_12_months' | 'channels_added' | 'channels_removed';

/** GET /enti/{ente}/policies/{kind} */
export interface Policy {
  kind: PolicyKind;
  draft: PolicyDraft & { differsFromInForce: boolean };
  inForce: PolicyVersion | null;
  review: { needed: boolean; reasons: { code: PolicyReviewReason; channelIds?: string[] }[] } | null;
}

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** GET /enti/{ente}/policies/{kind}/diff */
export interface PolicyDiff {
  from: number | 'draft';
  to: number | 'draft';
  diff: {
    changed: boolean;
    titleChanges: WordChange[] | null;
    sections: { key: string; status: DiffStatus; title: string; titleChanges: WordChange[] | null; bodyChanges: WordChange[] }[];
    clauses: { number: string; status: DiffStatus; title: string; fields: ('title' | 'category' | 'action' | 'text' | 'sanctions')[]; textChanges: WordChange[] }[];
    hoursChanged: boolean;
    channelsChanged: boolean;
  };
}

// --- Moderation (src/modules/moderation/moderation.routes.ts) ---

export const MODERATION_DECISIONS = ['allow', 'review', 'hide'] as const;
export type ModerationDecisionKind = (typeof MODERATION_DECISIONS)[number];

export interface Bilingual {
  it: string;
  en: string;
}

export interface ModerationEvidence {
  start: number;
  end: number;
  text: string;
  detector: string;
  reason: Bilingual;
}

/** POST /enti/{ente}/moderation/evaluate */
export interface ModerationEvaluation {
  id: string | null;
  decision: ModerationDecisionKind;
  clause: { number: string; title: string } | null;
  category: ModerationCategory | null;
  confidence: number;
  evidence: ModerationEvidence[];
  explanation: Bilingual;
  offHours: boolean;
  rulebook: { source: 'in_force' | 'draft' | 'starter_kit'; version: number | null };
}

export interface ModerationEvaluateBody {
  text: string;
  post?: string;
  author?: string;
  at?: string;
  record?: boolean;
}

/** One recorded decision (GET …/moderation/decisions). */
export interface RecordedDecision {
  id: string;
  at: string;
  source: string;
  itemRef: string | null;
  text: string;
  author: string | null;
  decision: ModerationDecisionKind;
  effectiveDecision: ModerationDecisionKind;
  clause: { number: string; title: string } | null;
  category: string | null;
  confidence: number;
  evidence: ModerationEvidence[];
  explanation: Bilingual;
  offHours: boolean;
  rulebook: { source: string; version: number | null };
  override: { decision: ModerationDecisionKind; reason: string; by: string | null; at: string } | null;
}

/** GET /enti/{ente}/moderation/rulebook */
export interface ModerationRulebook {
  source: 'in_force' | 'draft';
  version: number | null;
  adoption: AdoptionAct | null;
  clauses: PolicyClause[];
  hours: ModerationHours;
}

// --- Editorial workflow: proposals, posts, calendar, media (src/modules/editorial/editorial.schemas.ts) ---

export const POST_STATUSES = ['proposta', 'in_lavorazione', 'in_approvazione', 'approvato', 'programmato', 'rifiutato', 'pubblicato'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export type VariantStatus = 'bozza' | 'in_approvazione' | 'approvato' | 'programmato' | 'sospeso_crisi' | 'pubblicato';

export interface PersonRef {
  id: string;
  name: string;
}

export interface Media {
  id: string;
  filename: string;
  mime: string;
  kind: 'image' | 'video';
  size: number;
  sha256: string;
  altText: string | null;
  hasCaptions: boolean;
  uploadedBy: string;
  createdAt: string;
  version: number;
}

export interface LengthPreview {
  length: number;
  limit: number | null;
  counting: 'x-weighted' | 'graphemes' | 'chars';
  remaining: number | null;
  overflow: boolean;
}

export interface PostVariant {
  channelId: string;
  channelName: string;
  platform: Platform;
  text: string;
  link: string | null;
  media: Media[];
  scheduledAt: string | null;
  status: VariantStatus;
  editedBy: PersonRef;
  editedAt: string;
  approvals: { approverId: string; approverName: string; at: string }[];
  approvalsMissing: number;
  preview: LengthPreview;
}

export interface ParCondicio {
  impersonal: boolean;
  indispensable: boolean;
  reason: string | null;
}

export interface Post {
  id: string;
  status: PostStatus;
  statusLabel: Bilingual;
  title: string;
  body: string;
  service: string | null;
  desiredAt: string | null;
  targetChannelIds: string[];
  letRedazioneDecide: boolean;
  links: string[];
  media: Media[];
  deskId: string | null;
  author: PersonRef;
  lastEditor: PersonRef;
  parCondicio: ParCondicio;
  approvalsRequired: number;
  variants: PostVariant[];
  submittedAt: string | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PostSummary {
  id: string;
  status: PostStatus;
  statusLabel: Bilingual;
  title: string;
  service: string | null;
  desiredAt: string | null;
  deskId: string | null;
  author: PersonRef;
  channels: { channelId: string; platform: string; scheduledAt: string | null; status: string }[];
  updatedAt: string;
  version: number;
}

export interface PostList {
  total: number;
  posts: PostSummary[];
}

export type FindingSeverity = 'blocking' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  severity: FindingSeverity;
  message: Bilingual;
  rule: string;
  span: { start: number; end: number } | null;
  channelId: string;
}

export interface CheckResult {
  blocking: boolean;
  results: { channelId: string; channelName: string; platform: Platform; findings: Finding[]; preview: LengthPreview }[];
}

export interface PostComment {
  id: string;
  author: PersonRef;
  kind: 'comment' | 'rejection';
  body: string;
  createdAt: string;
}

export interface ProposalBody {
  title: string;
  body: string;
  service?: string | null;
  desiredAt?: string | null;
  targetChannelIds?: string[];
  letRedazioneDecide?: boolean;
  links?: string[];
  mediaIds?: string[];
  deskId?: string | null;
}

export interface VariantBody {
  channelId: string;
  text: string;
  link?: string | null;
  mediaIds?: string[];
  scheduledAt?: string | null;
}

export interface PostUpdateBody extends Partial<ProposalBody> {
  version: number;
  parCondicio?: ParCondicio;
  variants?: VariantBody[];
}

export type CalendarView = 'month' | 'week' | 'list';

export interface CalendarEntry {
  kind: 'post' | 'proposal';
  postId: string;
  title: string;
  status: PostStatus;
  statusLabel: Bilingual;
  channelId: string | null;
  channelName: string | null;
  platform: string | null;
  at: string;
  day: string;
  deskId: string | null;
  excerpt: string;
}

export interface CalendarGap {
  channelId: string;
  channelName: string;
  platform: string;
  gapDays: number;
  from: string;
  to: string;
  days: number;
  open: boolean;
}

export interface Calendar {
  view: CalendarView;
  timeZone: string;
  fromDay: string;
  toDay: string;
  from: string;
  to: string;
  entries: CalendarEntry[];
  gaps: CalendarGap[];
}

export interface ElectoralPeriod {
  id: string;
  name: string;
  start: string;
  end: string;
  ballotDate: string | null;
  effectiveEnd: string;
  createdAt: string;
}

export interface EditorialSettings {
  approvalsRequired: number;
  defaultGapDays: number;
  channelGapDays: Record<string, number>;
  version: number;
}

// --- Publishing: publications, queue, channel connection (src/modules/publishing/publishing.routes.ts) ---

export const PUBLICATION_STATES = ['programmato', 'in_pubblicazione', 'da_riprovare', 'pubblicato', 'fallito', 'da_verificare', 'annullato'] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

/** Why a publication did not go out (or is waiting), and what to do: `code` plus the text. */
export interface PublicationReason {
  code: string;
  it: string;
  en: string;
}

export interface PublicationAttempt {
  n: number;
  worker: string;
  startedAt: string;
  finishedAt: string | null;
  /** published | published_after_lookup | lookup_found | error | interrupted; null while running. */
  outcome: string | null;
  errorKind: string | null;
  httpStatus: number | null;
  detail: Bilingual | null;
}

export interface Publication {
  id: string;
  channelId: string;
  channelName: string;
  platform: string;
  state: PublicationState;
  stateLabel: Bilingual;
  dueAt: string;
  nextAttemptAt: string | null;
  late: boolean;
  urgent: boolean;
  platformId: string | null;
  url: string | null;
  publishedAt: string | null;
  reason: PublicationReason | null;
  attempts: PublicationAttempt[];
}

/** GET/POST …/publications, publish-now, resolve */
export interface Publications {
  publications: Publication[];
}

export interface QueueCounts {
  due: number;
  late: number;
  publishing: number;
  failed: number;
  toVerify: number;
}

/** GET /enti/{ente}/publishing/queue */
export interface QueueStatus {
  now: string;
  totals: QueueCounts;
  channels: (QueueCounts & { channelId: string; channelName: string; platform: string; nextDueAt: string | null })[];
  items: {
    publicationId: string;
    postId: string;
    title: string;
    channelId: string;
    channelName: string;
    state: PublicationState;
    dueAt: string;
    nextAttemptAt: string;
    attempts: number;
    late: boolean;
    reason: PublicationReason | null;
  }[];
}

/** POST /channels/{id}/connect: what the platform's connector needs (sealed on the server). */
export interface ChannelCredentialsBody {
  /** Required, except for the Ente's own ActivityPub channel. */
  accessToken?: string;
  refreshToken?: string | null;
  expiresAt?: string | null;
  account?: Record<string, string>;
}

export interface ConnectResult {
  channel: Channel;
  account: { id: string; handle: string; name: string; url: string | null };
  /** The inbox's webhook, where the platform registers it per account (Telegram). */
  webhook?: { registered: boolean; reason?: { it: string; en: string } };
}
