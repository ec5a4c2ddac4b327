/**
 * Crisis mode and civil-protection alerts (issue 8): declaring and ending a crisis (with the pause
 * of scheduled ordinary posts), alerts with their templates, per-channel variants, approval and
 * urgent publication, the public page and CAP 1.2 feed, broadcasts to subscribers, listening for
 * spikes and false claims. Other modules use only what this file exports.
 */
import type { Db } from '../../platform/db/index.ts';
import type { App } from '../../platform/http/server.ts';
import type { ConnectorHttp } from '../../connectors/contract.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import type { OnVariantsScheduled } from '../editorial/index.ts';
import { createAlertsService, type Publisher } from './alerts.service.ts';
import { connectorSenders, type SenderRegistry } from './broadcast.senders.ts';
import { broadcastOptionsFromEnv, createBroadcastWorker, type BroadcastWorkerOptions } from './broadcast.worker.ts';
import { createCrisisService, SYSTEM_CRISIS } from './crisis.service.ts';
import { registerCrisisPublicRoutes } from './crisis.public.ts';
import { registerCrisisRoutes } from './crisis.routes.ts';
import { createListeningService, type ProposalDrafter } from './listening.service.ts';

export { crisisAllowsPublication, openCrisisEnti, pauseForCrisis, type CrisisActor } from './crisis.service.ts';
export { type Publisher } from './alerts.service.ts';
export { type ProposalDrafter, type IncomingMessage } from './listening.service.ts';
export { type Sender, type SenderRegistry, DOCUMENTED_RATE } from './broadcast.senders.ts';
export { detectSpikes, type HourCount, type Spike } from './listening.fns.ts';
export { variantFor, headlineIt, fullText, BEHAVIOUR_TEMPLATES, behaviourTemplate } from './alerts.fns.ts';
export { capDocument, capAtomIndex } from './cap.fns.ts';

export interface CrisisDeps {
  db: Db;
  /** The publishing module's "publish now"; null leaves approved alerts approved for the queue to take. */
  publisher: Publisher | null;
  /** The editorial module's proposals, for clarification posts. */
  drafter: ProposalDrafter | null;
  onVariantsScheduled?: OnVariantsScheduled;
  readCredentials: (enteId: string, channelId: string) => Promise<string | null>;
  http: ConnectorHttp;
  apiBases?: Partial<Record<string, string>>;
  /** Replaces the connector senders (tests, benchmarks). */
  senders?: SenderRegistry;
  env?: NodeJS.ProcessEnv;
}

/** The crisis services and a (not yet started) worker. */
export function createCrisis(deps: CrisisDeps) {
  const senders = deps.senders ?? connectorSenders({ http: deps.http, apiBases: deps.apiBases });
  const crisis = createCrisisService({ db: deps.db, onVariantsScheduled: deps.onVariantsScheduled });
  const alerts = createAlertsService({ db: deps.db, publisher: deps.publisher, senders, readCredentials: deps.readCredentials });
  const listening = createListeningService({ db: deps.db, drafter: deps.drafter });
  const options = broadcastOptionsFromEnv(deps.env ?? process.env);

  /**
   * The crisis worker: crises end at their time, ordinary posts scheduled during a crisis are
   * paused, approved alerts not yet handed to the queue are released, broadcasts of reconnected
   * channels resume, and the broadcasts are sent.
   */
  function worker(log?: { info(o: object, m?: string): void; error(o: object, m?: string): void }, opts: Partial<BroadcastWorkerOptions> = {}) {
    const l = log ?? { info() {}, error() {} };
    const broadcast = createBroadcastWorker({ db: deps.db, senders, readCredentials: deps.readCredentials, options: { ...options, ...opts }, log: l });
    let timer: NodeJS.Timeout | null = null;
    let ticking: Promise<void> | null = null;
    async function tick() {
      await crisis.endExpired();
      await crisis.sweep();
      await alerts.resumeReconnected();
      for (const a of await alerts.unreleased()) {
        await alerts.release({ userId: a.approvedBy ?? '', roles: ['approvatore'], audit: SYSTEM_CRISIS }, a.enteId, a.id).catch((err: unknown) => l.error({ err, alert: a.id }, 'alert release failed'));
      }
    }
    return {
      tick,
      broadcast,
      start() {
        broadcast.start();
        const loop = () => {
          ticking = tick()
            .catch((err: unknown) => l.error({ err }, 'crisis tick failed'))
            .finally(() => {
              if (timer !== null) timer = setTimeout(loop, 5_000);
            });
        };
        timer = setTimeout(loop, 0);
      },
      async stop() {
        if (timer) clearTimeout(timer);
        timer = null;
        await ticking;
        await broadcast.stop();
      },
    };
  }

  return { crisis, alerts, listening, worker };
}

export type Crisis = ReturnType<typeof createCrisis>;
export type CrisisWorker = ReturnType<Crisis['worker']>;

/** Registers the API routes and the public pages. */
export function registerCrisis(app: App, deps: { identity: IdentityService; crisis: Crisis; organisation: Pick<OrganisationService, 'findEnteBySlug'>; publicUrl: string | null }) {
  registerCrisisRoutes(app, { identity: deps.identity, crisis: deps.crisis.crisis, alerts: deps.crisis.alerts, listening: deps.crisis.listening });
  registerCrisisPublicRoutes(app, { alerts: deps.crisis.alerts, organisation: deps.organisation, publicUrl: deps.publicUrl });
}
