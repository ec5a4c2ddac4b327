/**
 * Types shared by the editorial checks. A post has one variant per channel; every check reads one
 * variant plus the context the caller gathered (dates, people, history, link statuses) and returns
 * findings. Nothing here touches a database or the network.
 */
import type { Platform } from '../platforms.fns.ts';

export type { Platform } from '../platforms.fns.ts';

export type Severity = 'blocking' | 'warning' | 'info';

export interface MediaItem {
  id: string;
  kind: 'image' | 'video';
  filename: string;
  altText?: string | null;
  captionsUrl?: string | null;
  hasCaptions?: boolean;
}

export interface VariantInput {
  channelId: string;
  platform: Platform;
  text: string;
  media: MediaItem[];
  link?: string | null;
  /** A channel's own limit, e.g. a Mastodon instance that allows 1,000 characters. */
  limitOverride?: number;
}

/** Offsets are UTF-16 indices into the variant's text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  /** Stable identifier, e.g. `length.over_limit`; the UI and the audit log key on it. */
  ruleId: string;
  severity: Severity;
  message: { it: string; en: string };
  /** The source of the rule, e.g. 'L. 28/2000 art. 9', 'Vademecum Formez 2011', 'X API limits'. */
  rule: string;
  span: Span | null;
  channelId: string;
}

export interface ElectoralPeriod {
  id: string;
  name: string;
  /** First and last day, inclusive, as YYYY-MM-DD in Europe/Rome. */
  start: string;
  end: string;
}

export interface CheckContext {
  now: Date;
  scheduledAt?: Date | null;
  electoralPeriods: ElectoralPeriod[];
  parCondicio?: { impersonal: boolean; indispensable: boolean; reason: string } | null;
  /** Defaults to 'institutional': the Ente's channels are institutional unless declared otherwise. */
  channelKind?: 'institutional' | 'political';
  /** People whose names must not appear in a par condicio period. */
  enteNames: { ente: string; mayor?: string[]; councillors?: string[] };
  ownContacts?: { phones: string[]; emails: string[]; domains: string[] };
  /** For the duplicate-text check. */
  recentTexts?: { text: string; publishedAt: Date; channelId: string }[];
  /** HTTP status by URL (as returned by extractLinks), fetched by the caller. */
  linkStatus?: Record<string, number | 'error'>;
  /** Gulpease index below which a text gets a warning; 40 (hard for high-school readers) by default. */
  gulpeaseThreshold?: number;
}

/** Every check family has this shape. */
export type Check = (v: VariantInput, ctx: CheckContext) => Finding[];
