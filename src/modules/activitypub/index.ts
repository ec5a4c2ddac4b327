/**
 * The Ente's own ActivityPub presence (seed 004: a fediverse account the Ente owns, beside the
 * platforms where it is a guest): actor, WebFinger, inbox, outbox, followers, with Fedify 1.5.
 */
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import type { Db } from '../../platform/db/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { buildFederation } from './activitypub.federation.ts';
import { createActivityPubService } from './activitypub.service.ts';
import { kvSweep } from './activitypub.repo.ts';

export { registerActivityPubRoutes } from './activitypub.routes.ts';
export { ActivityPubError, type ActivityPubService, type NoteToPublish, type PublishedNote } from './activitypub.service.ts';
export { noteKeyOf } from './activitypub.fns.ts';

/** Options from the environment (to move into Config): REDAZIONE_AP_ALLOW_PRIVATE=1 for loopback tests only. */
export function activityPubOptionsFromEnv(env: NodeJS.ProcessEnv) {
  return { allowPrivateAddress: env.REDAZIONE_AP_ALLOW_PRIVATE === '1' };
}

/** The federation and the service on one database; `start()` runs the delivery queue until `stop()`. */
export function createActivityPub(deps: {
  db: Db;
  secrets: SecretBox;
  organisation: Pick<OrganisationService, 'findEnteBySlug' | 'findEnteById'>;
  publicUrl: string | null;
  allowPrivateAddress: boolean;
  log?: { warn(obj: unknown, msg: string): void };
}) {
  const federation = buildFederation(deps);
  const service = createActivityPubService({ db: deps.db, federation, organisation: deps.organisation, publicUrl: deps.publicUrl });
  const abort = new AbortController();
  let sweeper: NodeJS.Timeout | undefined;
  return {
    ...service,
    start() {
      void federation.startQueue(undefined, { signal: abort.signal });
      // Expired cache entries (remote documents, keys) are removed hourly.
      sweeper = setInterval(() => void kvSweep(deps.db, new Date()).catch((e: unknown) => deps.log?.warn({ err: e }, 'ap_kv sweep failed')), 3_600_000);
      sweeper.unref();
    },
    stop() {
      abort.abort();
      clearInterval(sweeper);
    },
  };
}
