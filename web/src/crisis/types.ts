/**
 * Types of the crisis API (src/modules/crisis/crisis.schemas.ts, docs/openapi.json: Crisis,
 * CrisisState, PausedVariant, Alert, BroadcastProgress, SubscriberCounts, CrisisSignals,
 * FakeClaim), written by hand. Keep in step with the server.
 */
import type { Bilingual } from '../api/types';

export const ALERT_CODES = ['verde', 'gialla', 'arancione', 'rossa'] as const;
export type AlertCode = (typeof ALERT_CODES)[number];

export const RISKS = ['idrogeologico', 'idraulico', 'temporali', 'neve', 'vento', 'ondate_di_calore', 'incendi', 'altro'] as const;
export type Risk = (typeof RISKS)[number];

export const BROADCAST_PLATFORMS = ['whatsapp', 'telegram'] as const;
export type BroadcastPlatform = (typeof BROADCAST_PLATFORMS)[number];

export interface Crisis {
  id: string;
  reason: string;
  declaredBy: string;
  declaredAt: string;
  expectedEndAt: string;
  /** Channels in crisis; empty = all. */
  channelIds: string[];
  /** People who may still publish ordinary posts. */
  allowedUserIds: string[];
  endedAt: string | null;
  endKind: 'manuale' | 'scadenza' | null;
}

export type PausedState = 'sospeso' | 'riprogrammato' | 'scartato';

export interface PausedVariant {
  crisisId: string;
  postId: string;
  channelId: string;
  title: string;
  /** When it was due before the pause. */
  scheduledAt: string | null;
  state: PausedState;
  rescheduledAt: string | null;
  decidedAt: string | null;
}

export interface CrisisNotification {
  id: string;
  kind: string;
  message: Bilingual;
  createdAt: string;
  read: boolean;
}

/** GET /enti/{ente}/crisis */
export interface CrisisState {
  active: boolean;
  banner: Bilingual | null;
  crisis: Crisis | null;
  lastCrisis: Crisis | null;
  paused: PausedVariant[];
  notifications: CrisisNotification[];
}

/** POST /enti/{ente}/crisis */
export interface DeclareBody {
  reason: string;
  expectedEndAt?: string;
  channelIds?: string[];
  allowedUserIds?: string[];
}

export interface PausedDecision {
  postId: string;
  channelId: string;
  state: 'riprogrammato' | 'scartato';
  scheduledAt: string | null;
}

export interface Zone {
  name: string;
  code?: string | null;
}

export type AlertStatus = 'bozza' | 'approvata' | 'pubblicata' | 'annullata';

export interface AlertVariant {
  channelId: string;
  platform: string;
  text: string;
  link: string | null;
}

export interface Alert {
  id: string;
  status: AlertStatus;
  msgType: 'Alert' | 'Update';
  updates: string | null;
  code: AlertCode;
  risks: Risk[];
  zones: Zone[];
  validFrom: string;
  validTo: string;
  source: string;
  measures: string[];
  behaviour: string[];
  ordinanceUrl: string | null;
  infoUrl: string | null;
  headline: string;
  text: string;
  channelIds: string[];
  variants: AlertVariant[];
  broadcast: boolean;
  postId: string | null;
  crisisId: string | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Approved by one person during a crisis (the fast path), recorded as such. */
  fastPath: boolean;
  publishedAt: string | null;
  cancelledAt: string | null;
  version: number;
}

/** POST /enti/{ente}/alerts; validity may be missing here so that the server reports it. */
export interface AlertBody {
  code?: AlertCode;
  risks: Risk[];
  zones: Zone[];
  validFrom?: string;
  validTo?: string;
  source: string;
  measures?: string[];
  behaviour?: string[];
  ordinanceUrl?: string | null;
  infoUrl?: string | null;
  channelIds: string[];
  broadcast?: boolean;
  updates?: string | null;
}

export type BroadcastState = 'in_corso' | 'sospeso' | 'completato';

export interface Broadcast {
  id: string;
  channelId: string;
  platform: BroadcastPlatform;
  state: BroadcastState;
  total: number;
  sent: number;
  failed: number;
  remaining: number;
  ratePerSecond: number;
  stopReason: { code: string; it: string; en: string } | null;
  stoppedAt: string | null;
  finishedAt: string | null;
}

/** GET /enti/{ente}/alerts/{id}/broadcast */
export interface BroadcastProgress {
  broadcasts: Broadcast[];
}

/** GET/POST /enti/{ente}/subscribers */
export type SubscriberCounts = Record<BroadcastPlatform, { active: number; optedOut: number }>;

export interface SubscriberIn {
  channel: BroadcastPlatform;
  address: string;
  optedInAt?: string;
  source: string;
}

export interface SpikeMessage {
  id: string;
  at: string;
  text: string;
  ref: string | null;
  alarmed: boolean;
}

export interface Spike {
  channelId: string;
  channelName: string;
  hour: string;
  total: number;
  negative: number;
  baseline: { total: number; negative: number };
  reasons: ('volume' | 'negative')[];
  messages: SpikeMessage[];
}

/** GET /enti/{ente}/crisis/signals */
export interface CrisisSignals {
  suggestion: { declareCrisis: boolean; it: string; en: string } | null;
  spikes: Spike[];
}

export interface FakeClaim {
  id: string;
  claim: string;
  source: { url: string; title: string };
  savedReply: string;
  /** The drafted clarification post (a proposal). */
  postId: string | null;
  threshold: number;
  createdAt: string;
  matches: { id: string; channelId: string; at: string; text: string; ref: string | null; score: number }[];
}

export interface ClaimBody {
  claim: string;
  sourceUrl: string;
  sourceTitle: string;
  savedReply?: string;
  channelIds?: string[];
  threshold?: number;
}
