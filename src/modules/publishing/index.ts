/**
 * Publishing (issue 5): the durable queue of publications (one per variant, exactly once), the
 * worker that publishes through the connectors, and the routes of the office.
 */
import type { Db } from '../../platform/db/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import { CONNECTORS, type ConnectorRegistry } from '../../connectors/index.ts';
import { createConnectorHttp } from '../../connectors/http.ts';
import { createPublishingService } from './publishing.service.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import { createChannelOAuthService } from './publishing.oauth.service.ts';
import { oauthSettingsFromEnv } from './publishing.oauth.fns.ts';
import { createPublishingWorker, workerOptionsFromEnv, type CrisisGate, type WorkerDeps } from './publishing.worker.ts';

export { enqueueScheduled, createPublishingService, type PublishingService } from './publishing.service.ts';
export { createPublishingWorker, workerOptionsFromEnv, WORKER_ACTOR, type CrisisGate, type PublishingWorker, type WorkerOptions } from './publishing.worker.ts';
export { registerPublishingRoutes } from './publishing.routes.ts';
export { PUBLICATION_STATES, STATE_LABELS, type PublicationState } from './publishing.fns.ts';

/** The service and a (not yet started) worker, configured from the environment. */
export function createPublishing(deps: { db: Db; channels: ChannelsService; env?: NodeJS.ProcessEnv; connectors?: ConnectorRegistry; log?: WorkerDeps['log']; crisis?: CrisisGate; publicUrl?: string | null }) {
  const settings = workerOptionsFromEnv(deps.env ?? process.env);
  const http = createConnectorHttp({ defaultTimeoutMs: settings.timeoutMs });
  const connectors = deps.connectors ?? CONNECTORS;
  const service = createPublishingService({ db: deps.db, channels: deps.channels, connectors, http, apiBases: settings.apiBases, publicUrl: deps.publicUrl });
  const worker = (log?: WorkerDeps['log']) =>
    createPublishingWorker({ db: deps.db, channels: deps.channels, connectors, http, apiBases: settings.apiBases, options: settings, log: log ?? deps.log, crisis: deps.crisis });
  return { service, worker, settings };
}

export { createChannelOAuthService, type ChannelOAuthService } from './publishing.oauth.service.ts';
export { registerChannelOAuthRoutes } from './publishing.oauth.routes.ts';

/** Connecting channels with OAuth 2.0 (ADR 0008), configured from the environment. */
export function createChannelOAuth(deps: { db: Db; channels: ChannelsService; secrets: SecretBox; publicUrl: string | null; connectors?: ConnectorRegistry; env?: NodeJS.ProcessEnv }) {
  const env = deps.env ?? process.env;
  const settings = workerOptionsFromEnv(env);
  return createChannelOAuthService({
    db: deps.db,
    channels: deps.channels,
    connectors: deps.connectors ?? CONNECTORS,
    http: createConnectorHttp({ defaultTimeoutMs: settings.timeoutMs }),
    secrets: deps.secrets,
    publicUrl: deps.publicUrl,
    apiBases: settings.apiBases,
    settings: oauthSettingsFromEnv(env),
  });
}
