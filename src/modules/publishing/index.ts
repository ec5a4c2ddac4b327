/**
 * Publishing (issue 5): the durable queue of publications (one per variant, exactly once), the
 * worker that publishes through the connectors, and the routes of the office.
 */
import type { Db } from '../../platform/db/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import { CONNECTORS, type ConnectorRegistry } from '../../connectors/index.ts';
import { createConnectorHttp } from '../../connectors/http.ts';
import { createPublishingService } from './publishing.service.ts';
import { createPublishingWorker, workerOptionsFromEnv, type WorkerDeps } from './publishing.worker.ts';

export { enqueueScheduled, createPublishingService, type PublishingService } from './publishing.service.ts';
export { createPublishingWorker, workerOptionsFromEnv, WORKER_ACTOR, type PublishingWorker, type WorkerOptions } from './publishing.worker.ts';
export { registerPublishingRoutes } from './publishing.routes.ts';
export { PUBLICATION_STATES, STATE_LABELS, type PublicationState } from './publishing.fns.ts';

/** The service and a (not yet started) worker, configured from the environment. */
export function createPublishing(deps: { db: Db; channels: ChannelsService; env?: NodeJS.ProcessEnv; connectors?: ConnectorRegistry; log?: WorkerDeps['log'] }) {
  const settings = workerOptionsFromEnv(deps.env ?? process.env);
  const http = createConnectorHttp({ defaultTimeoutMs: settings.timeoutMs });
  const connectors = deps.connectors ?? CONNECTORS;
  const service = createPublishingService({ db: deps.db, channels: deps.channels, connectors, http, apiBases: settings.apiBases });
  const worker = (log?: WorkerDeps['log']) =>
    createPublishingWorker({ db: deps.db, channels: deps.channels, connectors, http, apiBases: settings.apiBases, options: settings, log: log ?? deps.log });
  return { service, worker, settings };
}
