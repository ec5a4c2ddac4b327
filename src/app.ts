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
import { registerAuditRoutes } from './modules/audit/index.ts';
import { createIdentityService, SESSION_COOKIE } from './modules/identity/index.ts';
import { registerIdentityRoutes, registerTenantGate } from './modules/identity/identity.routes.ts';
import { registerOidcRoutes } from './modules/identity/identity.oidc.ts';
import { createOrganisationService, registerOrganisationRoutes } from './modules/organisation/index.ts';
import { createChannelsService, registerChannelRoutes } from './modules/channels/index.ts';
import { createEditorialService, createLinkProber, registerEditorialRoutes } from './modules/editorial/index.ts';
import { createPolicyService, registerPolicyPublicRoutes, registerPolicyRoutes } from './modules/policy/index.ts';
import { createModerationService, registerModerationRoutes } from './modules/moderation/index.ts';

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
  const editorial = createEditorialService({ db, limits: config.media, links: createLinkProber({ mode: config.linkCheck }) });
  const moderation = createModerationService({ db, policy });
  return { db, secrets, identity, organisation, channels, policy, editorial, moderation };
}
export type Services = ReturnType<typeof createServices>;

export interface Redazione {
  config: Config;
  database: Database;
  services: Services;
  server: App;
  close(): Promise<void>;
}

/** Builds the whole product on a database (opened here unless given) without listening. */
export async function createRedazione(config: Config, opts: { database?: Database; command?: string } = {}): Promise<Redazione> {
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
    registerPolicyPublicRoutes(server, services);
    registerModerationRoutes(server, services);
    await server.ready();
    return {
      config,
      database,
      services,
      server,
      async close() {
        await server.close();
        await database.close();
      },
    };
  } catch (e) {
    if (!opts.database) await database.close();
    throw e;
  }
}
