/**
 * The composition root: opens the database, migrates it, builds each module's service and
 * registers its routes. Each module wires itself through its own index; this file only connects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import { loadSecretBox } from './platform/crypto/secrets.ts';
import { createServer, type App } from './platform/http/server.ts';
import { registerStatusRoute } from './platform/http/status.ts';
import { registerPublicAssets } from './platform/http/public-assets.ts';
import { registerAuditRoutes } from './modules/audit/index.ts';
import { createIdentityService, SESSION_COOKIE } from './modules/identity/index.ts';
import { registerIdentityRoutes, registerTenantGate } from './modules/identity/identity.routes.ts';
import { registerOidcRoutes } from './modules/identity/identity.oidc.ts';
import { createOrganisationService, registerOrganisationRoutes } from './modules/organisation/index.ts';
import { createChannelsService, registerChannelRoutes } from './modules/channels/index.ts';
import { createEditorialService, createLinkProber, registerEditorialRoutes } from './modules/editorial/index.ts';
import { createPolicyService, registerPolicyPublicRoutes, registerPolicyRoutes } from './modules/policy/index.ts';
import { createModerationService, registerModerationRoutes } from './modules/moderation/index.ts';
import { createPublishing, enqueueScheduled, registerPublishingRoutes, type PublishingWorker } from './modules/publishing/index.ts';
import { createChannelOAuth, registerChannelOAuthRoutes } from './modules/publishing/index.ts';
import { registerFeedRoutes } from './modules/feeds/index.ts';
import { createInbox, registerInboxAllRoutes } from './modules/inbox/index.ts';
import { activityPubOptionsFromEnv, createActivityPub, registerActivityPubRoutes } from './modules/activitypub/index.ts';
import { CONNECTORS } from './connectors/index.ts';
import { createActivityPubConnector } from './connectors/activitypub/index.ts';
import { createConnectorHttp } from './connectors/http.ts';
import { createCrisis, openCrisisEnti, pauseForCrisis, registerCrisis, type CrisisWorker } from './modules/crisis/index.ts';
import { workerOptionsFromEnv } from './modules/publishing/index.ts';

export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** The services, for the CLI, the demo seed and tests. */
export function createServices(config: Config, database: Database) {
  const { db } = database;
  const secrets = loadSecretBox(config);
  const identity = createIdentityService({ db, config });
  const organisation = createOrganisationService({ db });
  const channels = createChannelsService({ db, secrets });
  const policy = createPolicyService({ db, organisation, channels, publicUrl: config.publicUrl });
  const editorial = createEditorialService({ db, limits: config.media, links: createLinkProber({ mode: config.linkCheck }), onVariantsScheduled: enqueueScheduled });
  const moderation = createModerationService({ db, policy });
  // REDAZIONE_AP_ALLOW_PRIVATE=1 (loopback tests only) lets Fedify fetch actors on private addresses.
  const activitypub = createActivityPub({ db, secrets, organisation, publicUrl: config.publicUrl, ...activityPubOptionsFromEnv(process.env) });
  const connectors = { ...CONNECTORS, activitypub: createActivityPubConnector(activitypub) };
  // Crisis mode gates the queue: ordinary posts claimed during a crisis are paused, not published.
  const { service: publishing, worker: newPublishingWorker, settings: publishingSettings } = createPublishing({ db, channels, connectors, crisis: { openCrisisEnti, pauseForCrisis }, publicUrl: config.publicUrl });
  // "Collega con <piattaforma>": OAuth 2.0 connections of channels (ADR 0008).
  const channelOAuth = createChannelOAuth({ db, channels, secrets, connectors, publicUrl: config.publicUrl });
  // The community inbox: `inbox.ingestItems(enteId, channelId, items)` is how ActivityPub hands over replies.
  // Its incoming items feed crisis listening in the same transaction (crisis is created below; bound late).
  const inbox = createInbox({
    db,
    channels,
    organisation,
    moderation,
    editorial,
    connectors,
    publicUrl: config.publicUrl,
    listening: {
      recordIn: (tx, enteId, messages) => crisis.listening.recordIn(tx, enteId, messages),
      eraseIn: (tx, enteId, refs, replacement) => crisis.listening.eraseIn(tx, enteId, refs, replacement),
      purgeIn: (tx, enteId, before) => crisis.listening.purgeIn(tx, enteId, before),
    },
  });
  // Crisis mode and alerts: alerts go out through "publish now"; broadcasts use the WhatsApp and Telegram connectors.
  const connectorEnv = workerOptionsFromEnv(process.env);
  const crisis = createCrisis({
    db,
    publisher: publishing,
    drafter: editorial.posts,
    onVariantsScheduled: enqueueScheduled,
    readCredentials: (enteId, channelId) => channels.readCredentials(enteId, channelId),
    http: createConnectorHttp({ defaultTimeoutMs: connectorEnv.timeoutMs }),
    apiBases: connectorEnv.apiBases,
  });
  return { db, secrets, identity, organisation, channels, policy, editorial, moderation, publishing, channelOAuth, newPublishingWorker, publishingSettings, activitypub, inbox, crisis };
}
export type Services = ReturnType<typeof createServices>;

export interface Redazione {
  config: Config;
  database: Database;
  services: Services;
  server: App;
  /** The in-process publishing worker, when started (`redazione start`). */
  worker: PublishingWorker | null;
  close(): Promise<void>;
}

/** Builds the whole product on a database (opened here unless given) without listening. */
export async function createRedazione(config: Config, opts: { database?: Database; command?: string; worker?: boolean } = {}): Promise<Redazione> {
  const database =
    opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, command: opts.command ?? 'redazione start' }));
  try {
    await database.migrate();
    const services = createServices(config, database);
    const server = await createServer({
      logLevel: config.logLevel,
      trustProxy: config.trustProxy,
      webDistDir: config.webDistDir,
      sessionCookie: SESSION_COOKIE,
      version: VERSION,
      authenticate: (creds) => services.identity.authenticate(creds),
      csrfExempt: ['/auth/login'],
    });
    registerStatusRoute(server, { version: VERSION, kind: database.kind, ping: async () => void (await database.db.execute(sql`select 1`)) });
    registerTenantGate(server, services.identity);
    registerIdentityRoutes(server, { identity: services.identity, config });
    registerOidcRoutes(server, { ...services, config });
    registerOrganisationRoutes(server, services);
    registerChannelRoutes(server, services);
    registerAuditRoutes(server, services);
    registerEditorialRoutes(server, services);
    registerPolicyRoutes(server, services);
    registerPublicAssets(server);
    registerPolicyPublicRoutes(server, services);
    registerModerationRoutes(server, services);
    registerPublishingRoutes(server, services);
    registerChannelOAuthRoutes(server, services);
    registerFeedRoutes(server, { db: services.db, organisation: services.organisation, publicUrl: config.publicUrl });
    registerActivityPubRoutes(server, { activitypub: services.activitypub, organisation: services.organisation, publicUrl: config.publicUrl });
    registerInboxAllRoutes(server, { identity: services.identity, inbox: services.inbox, organisation: services.organisation });
    registerCrisis(server, { identity: services.identity, crisis: services.crisis, organisation: services.organisation, publicUrl: config.publicUrl });
    await server.ready();
    const worker = opts.worker && services.publishingSettings.enabled ? services.newPublishingWorker(server.log) : null;
    worker?.start();
    const crisisWorker: CrisisWorker | null = worker ? services.crisis.worker(server.log) : null;
    crisisWorker?.start();
    if (services.inbox.settings.enabled) services.inbox.worker.start(server.log);
    return {
      config,
      database,
      services,
      server,
      worker,
      async close() {
        await worker?.stop();
        await crisisWorker?.stop();
        await services.inbox.worker.stop();
        await server.close();
        await database.close();
      },
    };
  } catch (e) {
    if (!opts.database) await database.close();
    throw e;
  }
}
