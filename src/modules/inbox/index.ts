/**
 * The community inbox (issue 7): ingestion from every channel (webhooks, polling, ActivityPub via
 * `ingest`), the office's inbox, moderation in the flow, deadlines, recurring questions, privacy
 * and surveys. Processing runs from a DB-backed outbox (`inbox_events`) drained by a worker loop
 * the app starts (ADR: the publishing queue is per-variant and not a general job queue).
 */
import type { Db } from '../../platform/db/index.ts';
import type { App } from '../../platform/http/server.ts';
import type { Connector, ConnectorHttp } from '../../connectors/contract.ts';
import { createConnectorHttp } from '../../connectors/http.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import type { EditorialService } from '../editorial/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { ModerationService } from '../moderation/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { createInboxService, type InboxService } from './inbox.service.ts';
import { registerInboxRoutes } from './inbox.routes.ts';
import { createInboxWorker, type InboxWorker, type InboxWorkerOptions } from './inbox.worker.ts';
import { createIngestService, type IngestService, type ListeningSink } from './ingest.service.ts';
import { createPlatformActions } from './platform.actions.ts';
import { registerSurveyPages } from './survey.public.ts';
import { registerWebhookRoutes } from './webhooks.routes.ts';

export { addWorkingMinutes, responseDeadline, lateness } from './deadlines.fns.ts';
export { groupRecurringQuestions, looksLikeQuestion } from './recurring.fns.ts';
export { metaSignature, parseMeta, parseTelegram } from './webhooks.fns.ts';
/** For crisis listening: incoming volume per channel and hour, with the negative and alarmed share. */
export { NEGATIVE_CATEGORIES } from './inbox.repo.ts';
export type { InboxService, IngestService, InboxWorker, ListeningSink };

export interface InboxSettingsFromEnv {
  enabled: boolean;
  worker: InboxWorkerOptions;
  metaAppSecret: string | null;
  metaVerifyToken: string | null;
  apiBases: Partial<Record<Platform, string>>;
}

/** REDAZIONE_INBOX_WORKER=0 disables the in-process worker (another process drains the outbox). */
export function inboxOptionsFromEnv(env: NodeJS.ProcessEnv): InboxSettingsFromEnv {
  const apiBases: Partial<Record<Platform, string>> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^REDAZIONE_API_BASE_([A-Z_]+)$/.exec(k);
    if (m && v) apiBases[m[1]!.toLowerCase() as Platform] = v.replace(/\/$/, '');
  }
  return {
    enabled: env.REDAZIONE_INBOX_WORKER !== '0',
    worker: { pollMs: Number(env.REDAZIONE_INBOX_POLL_MS ?? 1000), channelPollMs: Number(env.REDAZIONE_INBOX_CHANNEL_POLL_MS ?? 60_000), batchSize: 500, concurrency: Math.max(1, Number(env.REDAZIONE_INBOX_CONCURRENCY ?? 2) || 2) },
    metaAppSecret: env.REDAZIONE_META_APP_SECRET || null,
    metaVerifyToken: env.REDAZIONE_META_VERIFY_TOKEN || null,
    apiBases,
  };
}

export interface InboxDepsAll {
  db: Db;
  channels: Pick<ChannelsService, 'readCredentials'>;
  organisation: Pick<OrganisationService, 'findEnteById' | 'findEnteBySlug'>;
  moderation: ModerationService;
  editorial: Pick<EditorialService, 'posts'>;
  connectors: Partial<Record<Platform, Connector>>;
  publicUrl: string | null;
  env?: NodeJS.ProcessEnv;
  http?: ConnectorHttp;
  /** Crisis listening, fed with each batch of incoming items. */
  listening?: ListeningSink;
}

/** The inbox's services and its (not yet started) worker. */
export function createInbox(deps: InboxDepsAll) {
  const settings = inboxOptionsFromEnv(deps.env ?? process.env);
  const actions = createPlatformActions({ db: deps.db, channels: deps.channels, connectors: deps.connectors, http: deps.http ?? createConnectorHttp({ defaultTimeoutMs: 10_000 }), apiBases: settings.apiBases });
  let worker: InboxWorker | null = null;
  const ingest = createIngestService({
    db: deps.db,
    channels: deps.channels,
    organisation: deps.organisation,
    moderation: deps.moderation,
    actions,
    secrets: { metaAppSecret: settings.metaAppSecret, metaVerifyToken: settings.metaVerifyToken },
    onQueued: () => worker?.wake(),
    listening: deps.listening,
  });
  const inbox = createInboxService({ db: deps.db, actions, moderation: deps.moderation, editorial: deps.editorial, publicUrl: deps.publicUrl, listening: deps.listening });
  worker = createInboxWorker({ db: deps.db, ingest, inbox, actions, options: settings.worker, listening: deps.listening });
  return {
    service: inbox,
    ingest,
    worker,
    settings,
    /** For the ActivityPub module: replies that reached the Ente's actor. */
    ingestItems: ingest.ingest,
  };
}
export type Inbox = ReturnType<typeof createInbox>;

export function registerInboxAllRoutes(app: App, deps: { identity: IdentityService; inbox: Inbox; organisation: Pick<OrganisationService, 'findEnteBySlug'> }) {
  registerInboxRoutes(app, { identity: deps.identity, inbox: deps.inbox.service });
  registerWebhookRoutes(app, { ingest: deps.inbox.ingest });
  registerSurveyPages(app, { inbox: deps.inbox.service, organisation: deps.organisation });
}
