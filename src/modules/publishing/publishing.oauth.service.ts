/**
 * Connecting a channel with OAuth 2.0 (ADR 0008): the office presses "Collega con <piattaforma>",
 * the browser goes to the platform's authorization server, comes back to our callback with a code,
 * and Redazione exchanges it, reads the account through the connector and stores the credentials
 * sealed, with expiry, refresh token and the app that issued them (the connector's refresh needs
 * that same app).
 *
 * Where the pending flow lives: a row of `oauth_flows` keyed by the Ente and sha256(state), with
 * who started it, for which channel, until when, and — sealed with the secrets key — the PKCE
 * verifier and the app. The callback takes the row with one atomic UPDATE (`used_at` set only if
 * still null and not expired), so the state works once whatever the number of concurrent
 * callbacks, and wipes the sealed part at the same time. The audit trail records only the facts:
 * started, refused, connected, failed; never a secret.
 *
 * Where the app lives: `oauth_apps`, the Ente's registered app per platform group (entered once by
 * IT staff through `putOAuthApp`, or registered by Redazione on a Mastodon instance).
 */
import type { Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { SealedSecret, SecretBox } from '../../platform/crypto/secrets.ts';
import { appendAudit, listAudit, type AuditActor } from '../audit/index.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import { ConnectorError, type AccountIdentity, type ChannelCredentials, type ConnectorContext, type ConnectorHttp } from '../../connectors/contract.ts';
import type { ConnectorRegistry } from '../../connectors/index.ts';
import { LINKEDIN_VERSION } from '../../connectors/linkedin/index.ts';
import {
  APP_GROUPS,
  authorizationUrl,
  canonicalInstance,
  GROUP_NAMES,
  isOAuthPlatform,
  landing,
  metaGraphRoot,
  newState,
  newVerifier,
  OWN_FAILURES,
  parseState,
  parseTokenAnswer,
  pickOne,
  platformsOfGroup,
  PROVIDERS,
  redirectError,
  secretRequired,
  tokenError,
  tokenRequest,
  type AppGroup,
  type HttpRequestSpec,
  type OAuthApp,
  type OAuthFailure,
  type OAuthPlatform,
  type OAuthSettings,
  type ProviderSpec,
  type TokenAnswer,
} from './publishing.oauth.fns.ts';
import * as repo from './publishing.oauth.repo.ts';

export const OAUTH_CALLBACK_PATH = '/api/v1/oauth/callback';
export const OAUTH_FLOW_TTL_MS = 10 * 60 * 1000;
/** Flows (used or not) are deleted a day after they started, at the next start of any Ente. */
export const OAUTH_FLOW_SWEEP_MS = 24 * 60 * 60 * 1000;

/** Where the app used for a connection came from. */
export type AppSource = 'request' | 'channel' | 'ente' | 'installation' | 'registered';

/** Account fields the office may give when starting (non-secret hints), per platform. */
const HINTS: Record<OAuthPlatform, readonly string[]> = {
  mastodon: ['instance'],
  x: [],
  linkedin: ['organizationId'],
  facebook_page: ['pageId'],
  instagram: ['igUserId', 'pageId', 'mediaBaseUrl'],
  youtube: [],
};

/** The sealed part of a flow row. */
interface SealedFlow {
  verifier: string;
  app: OAuthApp;
  appSource: AppSource;
  instance: string | null;
  hints: Record<string, string>;
}

export interface OAuthActor {
  userId: string;
  audit: AuditActor;
}

class Failed extends Error {
  constructor(readonly failure: OAuthFailure) {
    super(failure.en);
  }
}

const bad = (reason: string, reasonEn: string) => new DomainError('connection_failed', { reason, reasonEn });
const invalidField = (field: string, it: string, en: string) => new DomainError('validation_failed', {}, [{ field, code: 'custom', messages: { it, en } }]);
const flowContext = (enteId: string, hash: string) => `oauth:${enteId}:${hash}`;
const appContext = (enteId: string, group: string, instance: string) => `oauth-app:${enteId}:${group}:${instance}`;
const appEntity = (group: string, instance: string) => (instance ? `${group}@${instance}` : group);

export function createChannelOAuthService(deps: {
  db: Db;
  channels: Pick<ChannelsService, 'get' | 'update' | 'setCredentials' | 'readCredentials'>;
  connectors: ConnectorRegistry;
  http: ConnectorHttp;
  secrets: Pick<SecretBox, 'seal' | 'open'>;
  publicUrl: string | null;
  apiBases?: Partial<Record<Platform, string>>;
  settings: OAuthSettings;
  now?: () => Date;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const redirectUriFor = (origin: string) => `${deps.publicUrl ?? origin}${OAUTH_CALLBACK_PATH}`;

  async function credentialsOf(enteId: string, channelId: string): Promise<ChannelCredentials | null> {
    const raw = await deps.channels.readCredentials(enteId, channelId);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as ChannelCredentials;
    } catch {
      return { accessToken: raw };
    }
  }

  function specOf(platform: string): ProviderSpec {
    if (!isOAuthPlatform(platform) || !deps.connectors[platform]) {
      throw bad(`${platform} non si collega con OAuth: incolla il token nel modulo «Collega il canale».`, `${platform} does not connect with OAuth: paste the token in the "Connect the channel" form.`);
    }
    return PROVIDERS[platform];
  }

  /** The app of a stored connection, when it carries one usable for `spec` (and the same instance). */
  function appIn(c: ChannelCredentials | null, spec: ProviderSpec, instance: string | null, redirectUri: string): OAuthApp | null {
    const a = c?.account;
    if (!a?.clientId) return null;
    if (spec.app === 'dynamic' && (canonicalInstance(a.instance ?? '') !== instance || a.appRedirectUri !== redirectUri)) return null;
    if (spec.app === 'registered' && secretRequired(spec.group) && !a.clientSecret) return null;
    return { clientId: a.clientId, clientSecret: a.clientSecret ?? null };
  }

  /**
   * The Ente's app row, opened; null when there is none or it does not fit this redirect URI. A
   * secret that does not open (another key, or a row copied from elsewhere: the seal is bound to
   * the Ente, the group and the instance) stops a start with what to do; `options` just omits it.
   */
  async function enteApp(enteId: string, group: AppGroup, instance: string | null, redirectUri: string, strict: boolean): Promise<OAuthApp | null> {
    const row = await repo.findApp(db, enteId, group, instance ?? '');
    if (!row) return null;
    // A registration on a Mastodon instance names its redirect URI: another one needs a new app.
    if (row.redirectUri && row.redirectUri !== redirectUri) return null;
    const sealed = repo.sealedOf(row);
    let clientSecret: string | null = null;
    try {
      clientSecret = sealed ? deps.secrets.open(sealed, appContext(enteId, group, row.instance)) : null;
    } catch {
      if (!strict) return null;
      throw bad(
        `il client secret dell’app dell’Ente su ${GROUP_NAMES[group]} non si apre con la chiave di Redazione (chiave cambiata o dato alterato): l’ufficio informatico deve inserirla di nuovo.`,
        `the client secret of the Ente's ${GROUP_NAMES[group]} app does not open with Redazione's key (key changed or data altered): IT staff must enter the app again.`,
      );
    }
    if (!clientSecret && secretRequired(group)) return null;
    return { clientId: row.clientId, clientSecret };
  }

  /**
   * The app to use, in this order: given now by IT staff; the Ente's app for the platform group
   * (`oauth_apps`); the one this channel was last connected with; the installation's app. For
   * Mastodon the caller then registers one on the instance.
   */
  async function findApp(enteId: string, spec: ProviderSpec, input: { clientId?: string; clientSecret?: string }, instance: string | null, redirectUri: string, own: ChannelCredentials | null, strict = true) {
    if (input.clientId?.trim()) {
      const clientSecret = input.clientSecret?.trim() || null;
      if (!clientSecret && spec.app === 'registered' && secretRequired(spec.group)) {
        throw bad(`per ${spec.name} serve anche il client secret dell’app.`, `${spec.name} needs the app's client secret too.`);
      }
      return { app: { clientId: input.clientId.trim(), clientSecret }, source: 'request' as AppSource };
    }
    const ente = await enteApp(enteId, spec.group, instance, redirectUri, strict);
    if (ente) return { app: ente, source: 'ente' as AppSource };
    const mine = appIn(own, spec, instance, redirectUri);
    if (mine) return { app: mine, source: 'channel' as AppSource };
    const installed = deps.settings.installationApps[spec.group];
    if (installed) return { app: installed, source: 'installation' as AppSource };
    return null;
  }

  /** Mastodon: registers Redazione as an app on the instance (POST /api/v1/apps). */
  async function registerMastodonApp(instance: string, redirectUri: string, enteName: string): Promise<OAuthApp> {
    const body = new URLSearchParams({ client_name: `Redazione – ${enteName}`.slice(0, 60), redirect_uris: redirectUri, scopes: PROVIDERS.mastodon.scopes.join(' ') });
    if (deps.publicUrl) body.set('website', deps.publicUrl);
    let res: Response;
    try {
      res = await deps.http.fetch(`${deps.apiBases?.mastodon ?? instance}/api/v1/apps`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() });
    } catch {
      throw bad(`l’istanza Mastodon ${instance} non è raggiungibile: controlla l’indirizzo.`, `the Mastodon instance ${instance} is unreachable: check the address.`);
    }
    const json = (await res.json().catch(() => null)) as { client_id?: string; client_secret?: string; error?: string } | null;
    if (!res.ok || !json?.client_id) {
      throw bad(`l’istanza Mastodon ${instance} non ha accettato la registrazione dell’app (HTTP ${res.status}${json?.error ? `: ${json.error}` : ''}).`, `the Mastodon instance ${instance} refused to register the app (HTTP ${res.status}${json?.error ? `: ${json.error}` : ''}).`);
    }
    return { clientId: json.client_id, clientSecret: json.client_secret ?? null };
  }

  // ---- the calls of the callback ----------------------------------------------------------------

  async function send(platform: string, r: HttpRequestSpec): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await deps.http.fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
    } catch {
      throw new Failed({
        code: 'non_raggiungibile',
        it: `${platform} non è raggiungibile in questo momento: riprova il collegamento tra qualche minuto.`,
        en: `${platform} cannot be reached right now: try connecting again in a few minutes.`,
      });
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the message
    }
    return { status: res.status, body };
  }

  async function exchange(spec: ProviderSpec, r: HttpRequestSpec, redirectUri: string): Promise<TokenAnswer> {
    const { status, body } = await send(spec.name, r);
    const tokens = status >= 200 && status < 300 ? parseTokenAnswer(body, now()) : null;
    if (!tokens) throw new Failed(tokenError(spec.name, status, body, redirectUri));
    return tokens;
  }

  const verification = (spec: ProviderSpec, it: string, en: string): Failed => new Failed({ code: 'verifica_fallita', it: `${spec.name}: ${it}`, en: `${spec.name}: ${en}` });

  function context(enteId: string, channel: { id: string; platform: Platform; handle: string; url: string }, credentials: ChannelCredentials): ConnectorContext {
    return { channel: { enteId, ...channel }, credentials, http: deps.http, apiBase: deps.apiBases?.[channel.platform], now };
  }

  async function identityOf(spec: ProviderSpec, ctx: ConnectorContext): Promise<AccountIdentity> {
    try {
      return await deps.connectors[spec.platform]!.identity(ctx);
    } catch (e) {
      if (e instanceof ConnectorError) throw new Failed({ code: 'verifica_fallita', it: e.explanation.it, en: e.explanation.en });
      throw e;
    }
  }

  interface MetaPage {
    id: string;
    name?: string;
    username?: string;
    access_token?: string;
    instagram_business_account?: { id: string; username?: string };
  }

  /** Meta: the long-lived User token, then the Pages it manages with their (non-expiring) tokens. */
  async function metaPages(spec: ProviderSpec, app: OAuthApp, shortLived: string): Promise<MetaPage[]> {
    const root = metaGraphRoot(deps.apiBases?.[spec.platform]);
    const q = new URLSearchParams({ grant_type: 'fb_exchange_token', client_id: app.clientId, client_secret: app.clientSecret ?? '', fb_exchange_token: shortLived });
    const long = await exchange(spec, { method: 'GET', url: `${root}/oauth/access_token?${q.toString()}`, headers: { accept: 'application/json' } }, '');
    const fields = 'id,name,username,access_token,instagram_business_account{id,username}';
    const { status, body } = await send(spec.name, { method: 'GET', url: `${root}/me/accounts?fields=${encodeURIComponent(fields)}&limit=100`, headers: { accept: 'application/json', authorization: `Bearer ${long.accessToken}` } });
    const data = (body as { data?: MetaPage[] } | null)?.data;
    if (status !== 200 || !Array.isArray(data)) {
      throw verification(spec, `non è stato possibile leggere le Pagine gestite (HTTP ${status}): concedi il permesso pages_show_list e riprova.`, `the managed Pages could not be read (HTTP ${status}): grant pages_show_list and try again.`);
    }
    return data.filter((p) => p.access_token);
  }

  /** LinkedIn: the organisations the member administers (organizationAcls, role ADMINISTRATOR). */
  async function linkedinOrganizations(spec: ProviderSpec, token: string): Promise<string[]> {
    const base = (deps.apiBases?.linkedin ?? 'https://api.linkedin.com').replace(/\/+$/, '');
    const { status, body } = await send(spec.name, {
      method: 'GET',
      url: `${base}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`,
      headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'linkedin-version': LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' },
    });
    const elements = (body as { elements?: Array<{ organization?: string }> } | null)?.elements;
    if (status !== 200 || !Array.isArray(elements)) {
      throw verification(spec, `non è stato possibile leggere le Pagine aziendali che amministri (HTTP ${status}): concedi il permesso rw_organization_admin e riprova.`, `the organisations you administer could not be read (HTTP ${status}): grant rw_organization_admin and try again.`);
    }
    return elements.map((e) => (e.organization ?? '').split(':').pop() ?? '').filter(Boolean);
  }

  /** From the tokens to the stored credentials and the verified identity, per platform. */
  async function finish(
    enteId: string,
    channel: { id: string; platform: Platform; handle: string; url: string },
    spec: ProviderSpec,
    flow: SealedFlow,
    tokens: TokenAnswer,
    prev: ChannelCredentials | null,
    redirectUri: string,
  ): Promise<{ credentials: ChannelCredentials; account: AccountIdentity }> {
    const appFields: Record<string, string> = { clientId: flow.app.clientId, ...(flow.app.clientSecret ? { clientSecret: flow.app.clientSecret } : {}) };
    const kept = { ...(prev?.account ?? {}) };
    delete kept.clientSecret;
    const base = { ...kept, ...flow.hints, ...appFields };
    const make = (account: Record<string, string>, over: Partial<ChannelCredentials> = {}): ChannelCredentials => ({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      account,
      ...over,
    });
    switch (spec.platform) {
      case 'mastodon': {
        const c = make({ ...base, instance: flow.instance!, appRedirectUri: redirectUri });
        const account = await identityOf(spec, context(enteId, channel, c));
        return { credentials: { ...c, account: { ...c.account, id: account.id } }, account };
      }
      case 'x': {
        const c = make(base);
        const account = await identityOf(spec, context(enteId, channel, c));
        return { credentials: { ...c, account: { ...c.account, userId: account.id } }, account };
      }
      case 'youtube': {
        const c = make(base);
        return { credentials: c, account: await identityOf(spec, context(enteId, channel, c)) };
      }
      case 'linkedin': {
        const ids = await linkedinOrganizations(spec, tokens.accessToken);
        const candidates: Array<{ id: string; identity: AccountIdentity }> = [];
        for (const id of ids) candidates.push({ id, identity: await identityOf(spec, context(enteId, channel, make({ ...base, organizationId: id }))) });
        const org = pickOne(candidates, (o) => [o.id, o.identity.handle], { explicit: flow.hints.organizationId, handle: channel.handle });
        if (!org) {
          const names = candidates.map((o) => `${o.identity.name} (${o.id})`).join(', ') || '—';
          throw verification(spec, `scegli quale Pagina aziendale collegare: indica l’id dell’organizzazione tra quelle che amministri (${names}) e riprova.`, `choose which organisation to connect: give the organisation id among those you administer (${names}) and try again.`);
        }
        return { credentials: make({ ...base, organizationId: org.id }), account: org.identity };
      }
      case 'facebook_page':
      case 'instagram': {
        const pages = await metaPages(spec, flow.app, tokens.accessToken);
        const meta = { ...base, ...(kept.appSecret ? {} : flow.app.clientSecret ? { appSecret: flow.app.clientSecret } : {}) };
        if (spec.platform === 'facebook_page') {
          const page = pickOne(pages, (p) => [p.id, p.username, p.name], { explicit: flow.hints.pageId, handle: channel.handle });
          if (!page) {
            const names = pages.map((p) => `${p.name ?? p.id} (${p.id})`).join(', ') || '—';
            throw verification(spec, `scegli quale Pagina collegare: indica l’id della Pagina tra quelle che gestisci (${names}) e riprova.`, `choose which Page to connect: give the Page id among those you manage (${names}) and try again.`);
          }
          // A Page token obtained with a long-lived User token does not expire (Get Long-Lived Tokens).
          const c = make({ ...meta, pageId: page.id }, { accessToken: page.access_token!, refreshToken: null, expiresAt: null });
          return { credentials: c, account: await identityOf(spec, context(enteId, channel, c)) };
        }
        const withIg = pages.filter((p) => p.instagram_business_account?.id);
        const page = pickOne(withIg, (p) => [p.instagram_business_account!.id, p.instagram_business_account!.username], { explicit: flow.hints.igUserId, handle: channel.handle });
        if (!page) {
          const names = withIg.map((p) => `@${p.instagram_business_account!.username ?? p.instagram_business_account!.id} (Pagina ${p.name ?? p.id})`).join(', ') || '—';
          throw verification(
            spec,
            `scegli quale account Instagram professionale collegare (${names}): deve essere collegato a una Pagina Facebook che gestisci.`,
            `choose which Instagram professional account to connect (${names}): it must be linked to a Facebook Page you manage.`,
          );
        }
        const c = make({ ...meta, pageId: page.id, igUserId: page.instagram_business_account!.id }, { accessToken: page.access_token!, refreshToken: null, expiresAt: null });
        return { credentials: c, account: await identityOf(spec, context(enteId, channel, c)) };
      }
    }
  }

  /** The newest result of a connection of this channel (OAuth or token), from the audit trail. */
  async function lastOutcome(enteId: string, channelId: string) {
    const events = await listAudit(db, enteId, { entityType: 'channel', entityId: channelId, limit: 50 });
    const e = events.find((x) => x.action === 'channel.connect' || x.action === 'channel.oauth.fail');
    if (!e) return null;
    const after = (e.after ?? {}) as { account?: AccountIdentity; reason?: OAuthFailure; via?: string };
    return {
      ok: e.action === 'channel.connect',
      at: e.at.toISOString(),
      via: after.via === 'oauth' ? ('oauth' as const) : ('token' as const),
      account: e.action === 'channel.connect' && after.account ? { id: after.account.id, handle: after.account.handle, name: after.account.name ?? after.account.handle, url: after.account.url ?? null } : null,
      reason: after.reason ? { code: after.reason.code, it: after.reason.it, en: after.reason.en } : null,
    };
  }


  /** The Ente's app as the API shows it: never the secret, only whether there is one. */
  function presentApp(row: repo.AppRow, updatedByName: string | null) {
    return {
      group: row.appGroup as AppGroup,
      instance: row.instance || null,
      clientId: row.clientId,
      secretSet: !!repo.sealedOf(row),
      source: row.source as 'entered' | 'registered',
      redirectUri: row.redirectUri,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: updatedByName,
    };
  }

  async function saveApp(
    tx: Db,
    actor: AuditActor,
    enteId: string,
    a: { group: AppGroup; instance: string; app: OAuthApp; source: 'entered' | 'registered'; redirectUri: string | null; sealed?: SealedSecret | null; via: 'form' | 'oauth' | 'registered'; onlyIfMissing?: boolean },
  ): Promise<boolean> {
    const sealed = a.sealed !== undefined ? a.sealed : a.app.clientSecret ? deps.secrets.seal(a.app.clientSecret, appContext(enteId, a.group, a.instance)) : null;
    const row = { enteId, appGroup: a.group, instance: a.instance, clientId: a.app.clientId, sealed, source: a.source, redirectUri: a.redirectUri, updatedBy: actor.id };
    if (a.onlyIfMissing) {
      if (!(await repo.insertAppIfMissing(tx, row))) return false;
    } else {
      await repo.upsertApp(tx, row);
    }
    await appendAudit(tx, enteId, actor, {
      action: 'oauth_app.set',
      entityType: 'oauth_app',
      entityId: appEntity(a.group, a.instance),
      after: { group: a.group, instance: a.instance || null, clientId: a.app.clientId, secretSet: !!sealed, source: a.source, via: a.via },
    });
    return true;
  }

  /** Mastodon: the app registered on the instance becomes the Ente's app there. */
  async function registerOnInstance(actor: AuditActor, enteId: string, enteName: string, instance: string, redirectUri: string): Promise<OAuthApp> {
    const app = await registerMastodonApp(instance, redirectUri, enteName);
    await db.transaction((tx) => saveApp(tx, actor, enteId, { group: 'mastodon', instance, app, source: 'registered', redirectUri, via: 'registered' }));
    return app;
  }

  return {
    /** What "Collega con <piattaforma>" needs to know: is there an app, which redirect URI to register. */
    async options(enteId: string, channelId: string, origin: string) {
      const channel = await deps.channels.get(enteId, channelId);
      const redirectUri = redirectUriFor(origin);
      const supported = isOAuthPlatform(channel.platform) && !!deps.connectors[channel.platform];
      if (!supported) return { platform: channel.platform, supported, redirectUri, scopes: [], app: null, needsApp: false, lastOutcome: await lastOutcome(enteId, channelId) };
      const spec = PROVIDERS[channel.platform as OAuthPlatform];
      const own = await credentialsOf(enteId, channelId);
      const instance = spec.app === 'dynamic' ? canonicalInstance(own?.account?.instance ?? '') : null;
      const found = await findApp(enteId, spec, {}, instance, redirectUri, own, false);
      return {
        platform: channel.platform,
        supported,
        redirectUri,
        scopes: [...spec.scopes],
        app: found ? { source: found.source, clientId: found.app.clientId } : spec.app === 'dynamic' ? { source: 'registered' as AppSource, clientId: null } : null,
        needsApp: !found && spec.app === 'registered',
        lastOutcome: await lastOutcome(enteId, channelId),
      };
    },

    /** Records the flow (a sealed `oauth_flows` row, a secret-free audit event) and returns where to send the browser. */
    async start(actor: OAuthActor, ente: { id: string; slug: string; name: string }, channelId: string, input: { clientId?: string; clientSecret?: string; account?: Record<string, string> }, origin: string) {
      const channel = await deps.channels.get(ente.id, channelId);
      const spec = specOf(channel.platform);
      const own = await credentialsOf(ente.id, channelId);
      const hints: Record<string, string> = {};
      for (const k of HINTS[spec.platform]) {
        const v = input.account?.[k]?.trim() || own?.account?.[k]?.trim();
        if (v) hints[k] = v;
      }
      const redirectUri = redirectUriFor(origin);
      let instance: string | null = null;
      if (spec.app === 'dynamic') {
        instance = canonicalInstance(hints.instance ?? '');
        if (!instance) throw bad('indica l’indirizzo dell’istanza Mastodon (ad esempio https://esempio.social).', 'give the Mastodon instance address (e.g. https://esempio.social).');
        hints.instance = instance;
      }
      if (spec.platform === 'instagram' && !/^https?:\/\//i.test(hints.mediaBaseUrl ?? '')) {
        throw bad('per Instagram indica l’indirizzo pubblico dei media (Instagram scarica le immagini da lì).', 'for Instagram give the public base URL of media (Instagram fetches images from there).');
      }
      let found = await findApp(ente.id, spec, input, instance, redirectUri, own);
      if (!found && spec.app === 'dynamic') found = { app: await registerOnInstance(actor.audit, ente.id, ente.name, instance!, redirectUri), source: 'registered' };
      if (!found) {
        throw bad(
          `l’Ente non ha ancora un’app registrata su ${spec.name}. L’ufficio informatico la registra una volta (indirizzo di ritorno: ${redirectUri}) e ne inserisce client id e client secret nella sezione «App OAuth dell’Ente» della pagina Canali.`,
          `the Ente has no app registered on ${spec.name} yet. IT staff register it once (redirect URI: ${redirectUri}) and enter its client id and client secret in the "The Ente's OAuth apps" section of the Channels page.`,
        );
      }
      const at = now();
      await repo.sweepFlows(db, new Date(at.getTime() - OAUTH_FLOW_SWEEP_MS));
      const state = newState(ente.id);
      const { hash } = parseState(state)!;
      const verifier = newVerifier();
      const expiresAt = new Date(at.getTime() + OAUTH_FLOW_TTL_MS);
      const flow: SealedFlow = { verifier, app: found.app, appSource: found.source, instance, hints };
      const sealed = deps.secrets.seal(JSON.stringify(flow), flowContext(ente.id, hash));
      await db.transaction(async (tx) => {
        await repo.insertFlow(tx, { enteId: ente.id, stateHash: hash, channelId, userId: actor.userId, platform: spec.platform, redirectUri, sealed, createdAt: at, expiresAt });
        await appendAudit(tx, ente.id, actor.audit, {
          action: 'channel.oauth.start',
          entityType: 'channel',
          entityId: channelId,
          after: { platform: spec.platform, flow: hash, expiresAt: expiresAt.toISOString(), redirectUri, clientId: found.app.clientId, appSource: found.source, instance },
        });
      });
      const url = authorizationUrl(spec, { app: found.app, redirectUri, state, verifier, oauthBase: deps.settings.oauthBases[spec.platform], instance: instance ?? undefined });
      return { authorizationUrl: url, expiresAt: expiresAt.toISOString(), redirectUri, appSource: found.source };
    },

    /**
     * The provider's redirect: checks the state (known, unused, same person, still allowed), takes
     * the flow (one atomic UPDATE: unused and fresh), exchanges the code, stores the credentials.
     * Always answers where to send the browser; outcomes are audited without secrets and shown on
     * the channel page.
     */
    async complete(
      q: { state?: string; code?: string; error?: string; error_description?: string },
      actor: OAuthActor | null,
      access: (slug: string) => Promise<{ id: string }>,
    ): Promise<{ location: string; ok: boolean; code?: string }> {
      const fail = (target: { slug: string; channelId: string } | null, f: OAuthFailure) => ({ location: landing(target, { ok: false, code: f.code }), ok: false, code: f.code });
      const parsed = parseState(q.state);
      if (!parsed) return fail(null, OWN_FAILURES.stato_non_valido);
      const { enteId, hash } = parsed;
      const row = await repo.findFlow(db, enteId, hash);
      const slug = row ? await repo.enteSlug(db, enteId) : null;
      if (!row || !slug) return fail(null, OWN_FAILURES.stato_non_valido);
      const target = { slug, channelId: row.channelId };
      const who = actor?.audit ?? { id: null, label: 'anonimo' };
      const refuse = async (f: OAuthFailure) => {
        await db.transaction((tx) => appendAudit(tx, enteId, who, { action: 'channel.oauth.refused', entityType: 'channel', entityId: row.channelId, after: { flow: hash, reason: f.code } }));
        return fail(target, f);
      };
      if (row.usedAt) return refuse(OWN_FAILURES.gia_usato);
      // Refusals before the claim do not use the state up: its owner may still complete it.
      if (!actor) return refuse(OWN_FAILURES.sessione);
      if (actor.userId !== row.userId) return refuse(OWN_FAILURES.utente_diverso);
      try {
        const ente = await access(slug);
        if (ente.id !== enteId) throw new Error('another Ente');
      } catch {
        return refuse(OWN_FAILURES.non_autorizzato);
      }

      const spec = PROVIDERS[row.platform as OAuthPlatform];
      const failed = async (f: OAuthFailure) => {
        await db.transaction((tx) => appendAudit(tx, enteId, actor.audit, { action: 'channel.oauth.fail', entityType: 'channel', entityId: row.channelId, after: { via: 'oauth', flow: hash, reason: f } }));
        return fail(target, f);
      };
      const at = now();
      const taken = spec ? await repo.claimFlow(db, enteId, hash, actor.userId, at) : null;
      if (!taken) {
        // Another callback took it first, or it expired: an expired flow is used up by this callback.
        const again = await repo.findFlow(db, enteId, hash);
        if (spec && again && !again.usedAt && again.expiresAt.getTime() <= at.getTime() && (await repo.expireFlow(db, enteId, hash, at))) return failed(OWN_FAILURES.scaduto);
        return refuse(spec ? OWN_FAILURES.gia_usato : OWN_FAILURES.stato_non_valido);
      }
      if (q.error) return failed(redirectError(spec.name, q.error, q.error_description, taken.redirectUri));
      if (!q.code) return failed(redirectError(spec.name, 'invalid_request', 'no code in the redirect', taken.redirectUri));
      try {
        const sealed = repo.sealedOf(taken);
        if (!sealed) throw new Failed(OWN_FAILURES.stato_non_valido);
        const flow = JSON.parse(deps.secrets.open(sealed, flowContext(enteId, hash))) as SealedFlow;
        const channel = await deps.channels.get(enteId, taken.channelId);
        if (channel.platform !== spec.platform) throw new Failed(OWN_FAILURES.stato_non_valido);
        const prev = await credentialsOf(enteId, channel.id);
        const tokens = await exchange(
          spec,
          tokenRequest(spec, { app: flow.app, code: q.code, redirectUri: taken.redirectUri, verifier: flow.verifier, apiBase: deps.apiBases?.[spec.platform], instance: flow.instance ?? undefined }),
          taken.redirectUri,
        );
        const ch = { id: channel.id, platform: channel.platform, handle: channel.handle, url: channel.url };
        const { credentials, account } = await finish(enteId, ch, spec, flow, tokens, prev, taken.redirectUri);
        await deps.channels.setCredentials(actor.audit, enteId, channel.id, JSON.stringify(credentials));
        const current = await deps.channels.get(enteId, channel.id);
        if (current.status !== 'attivo') await deps.channels.update(actor.audit, enteId, channel.id, { status: 'attivo', version: current.version });
        await db.transaction(async (tx) => {
          // An app entered for this connection, now proven to work, becomes the Ente's app when it has none.
          if (flow.appSource === 'request') {
            await saveApp(tx, actor.audit, enteId, { group: spec.group, instance: flow.instance ?? '', app: flow.app, source: 'entered', redirectUri: null, via: 'oauth', onlyIfMissing: true });
          }
          await appendAudit(tx, enteId, actor.audit, {
            action: 'channel.connect',
            entityType: 'channel',
            entityId: channel.id,
            after: { via: 'oauth', flow: hash, appSource: flow.appSource, clientId: flow.app.clientId, expiresAt: credentials.expiresAt ?? null, refreshable: !!credentials.refreshToken, account: { id: account.id, handle: account.handle, name: account.name, url: account.url } },
          });
        });
        return { location: landing(target, { ok: true }), ok: true };
      } catch (e) {
        if (e instanceof Failed) return failed(e.failure);
        throw e;
      }
    },

    // ---- the Ente's apps (listOAuthApps, putOAuthApp, deleteOAuthApp) ---------------------------

    /** The Ente's apps (secrets never returned) and, per group, what IT staff need to register one. */
    async listApps(enteId: string, origin: string) {
      const rows = await repo.listApps(db, enteId);
      return {
        redirectUri: redirectUriFor(origin),
        groups: APP_GROUPS.map((group) => ({
          group,
          name: GROUP_NAMES[group],
          platforms: platformsOfGroup(group),
          registration: group === 'mastodon' ? ('automatic' as const) : ('manual' as const),
          secretRequired: secretRequired(group),
          installationApp: deps.settings.installationApps[group] ? { clientId: deps.settings.installationApps[group].clientId } : null,
        })),
        apps: rows.map((r) => presentApp(r.app, r.updatedByName)),
      };
    },

    /** Sets the Ente's app for a group; without a new secret, the stored one is kept for the same client id. */
    async putApp(actor: AuditActor, enteId: string, group: AppGroup, input: { clientId: string; clientSecret?: string; instance?: string }) {
      let instance = '';
      if (group === 'mastodon') {
        instance = canonicalInstance(input.instance ?? '') ?? '';
        if (!input.instance?.trim() || !instance) {
          throw invalidField('instance', 'Indica l’indirizzo dell’istanza Mastodon su cui è registrata l’app (ad esempio https://esempio.social).', 'Give the address of the Mastodon instance the app is registered on (e.g. https://esempio.social).');
        }
      } else if (input.instance?.trim()) {
        throw invalidField('instance', `L’istanza si indica solo per Mastodon: ${GROUP_NAMES[group]} ha un solo server di autorizzazione.`, `The instance is only for Mastodon: ${GROUP_NAMES[group]} has one authorization server.`);
      }
      const clientId = input.clientId.trim();
      const secret = input.clientSecret?.trim() || null;
      return db.transaction(async (tx) => {
        const existing = await repo.findApp(tx, enteId, group, instance);
        const kept = existing && existing.clientId === clientId ? repo.sealedOf(existing) : null;
        if (!secret && !kept && secretRequired(group)) {
          throw invalidField('clientSecret', `Per ${GROUP_NAMES[group]} serve anche il client secret dell’app: viene salvato cifrato e non è più mostrato.`, `${GROUP_NAMES[group]} needs the app's client secret too: it is stored encrypted and never shown again.`);
        }
        const sealed = secret ? deps.secrets.seal(secret, appContext(enteId, group, instance)) : kept;
        await saveApp(tx, actor, enteId, { group, instance, app: { clientId, clientSecret: null }, sealed, source: 'entered', redirectUri: null, via: 'form' });
        const [saved] = (await repo.listApps(tx, enteId)).filter((r) => r.app.appGroup === group && r.app.instance === instance);
        return presentApp(saved!.app, saved!.updatedByName);
      });
    },

    /** Removes the Ente's app for a group (Mastodon: for one instance). Channels keep their own copy. */
    async deleteApp(actor: AuditActor, enteId: string, group: AppGroup, rawInstance?: string) {
      const instance = group === 'mastodon' ? (canonicalInstance(rawInstance ?? '') ?? '') : '';
      await db.transaction(async (tx) => {
        const gone = await repo.deleteApp(tx, enteId, group, instance);
        if (!gone) throw new DomainError('not_found', { what: `oauth app ${appEntity(group, instance)}` });
        await appendAudit(tx, enteId, actor, {
          action: 'oauth_app.delete',
          entityType: 'oauth_app',
          entityId: appEntity(group, instance),
          before: { group, instance: instance || null, clientId: gone.clientId, secretSet: !!repo.sealedOf(gone), source: gone.source },
        });
      });
    },
  };
}

export type ChannelOAuthService = ReturnType<typeof createChannelOAuthService>;
