/**
 * Connecting a channel with OAuth 2.0 (ADR 0008): the office presses "Collega con <piattaforma>",
 * the browser goes to the platform's authorization server, comes back to our callback with a code,
 * and Redazione exchanges it, reads the account through the connector and stores the credentials
 * sealed, with expiry, refresh token and the app that issued them (the connector's refresh needs
 * that same app).
 *
 * Where the pending flow lives: in the Ente's audit trail. `channel.oauth.start` (entity
 * `channel_oauth`, id = sha256 of the state) records who started it, for which channel, until when,
 * and the PKCE verifier and app secret sealed with the secrets key; `channel.oauth.callback` on the
 * same entity marks it used. Appending takes the Ente's audit head lock, so two callbacks with one
 * state are serialised and the second finds the first's mark: the state works once.
 */
import type { Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import { appendAudit, listAudit, type AuditActor } from '../audit/index.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import { ConnectorError, type AccountIdentity, type ChannelCredentials, type ConnectorContext, type ConnectorHttp } from '../../connectors/contract.ts';
import type { ConnectorRegistry } from '../../connectors/index.ts';
import { LINKEDIN_VERSION } from '../../connectors/linkedin/index.ts';
import {
  authorizationUrl,
  canonicalInstance,
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
  tokenError,
  tokenRequest,
  type HttpRequestSpec,
  type OAuthApp,
  type OAuthFailure,
  type OAuthPlatform,
  type OAuthSettings,
  type ProviderSpec,
  type TokenAnswer,
} from './publishing.oauth.fns.ts';

export const OAUTH_CALLBACK_PATH = '/api/v1/oauth/callback';
export const OAUTH_FLOW_TTL_MS = 10 * 60 * 1000;

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

interface SealedFlow {
  verifier: string;
  app: OAuthApp;
  appSource: AppSource;
  instance: string | null;
  hints: Record<string, string>;
}

interface StartEvent {
  channelId: string;
  platform: OAuthPlatform;
  enteSlug: string;
  expiresAt: string;
  redirectUri: string;
  flow: string;
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
const packSealed = (s: { keyId: string; iv: string; tag: string; ciphertext: string }) => [s.keyId, s.iv, s.tag, s.ciphertext].join('.');
function unpackSealed(v: string) {
  const [keyId, iv, tag, ciphertext] = v.split('.');
  return { keyId: keyId ?? '', iv: iv ?? '', tag: tag ?? '', ciphertext: ciphertext ?? '' };
}

export function createChannelOAuthService(deps: {
  db: Db;
  channels: Pick<ChannelsService, 'get' | 'list' | 'update' | 'setCredentials' | 'readCredentials'>;
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
    if (spec.app === 'registered' && spec.platform !== 'x' && !a.clientSecret) return null;
    return { clientId: a.clientId, clientSecret: a.clientSecret ?? null };
  }

  /**
   * The app to use, in this order: given now by IT staff; the one this channel was connected with;
   * the Ente's app for the platform (the newest among its channels of the same app group); the
   * installation's app; for Mastodon, a new registration on the instance.
   */
  async function findApp(enteId: string, channelId: string, spec: ProviderSpec, input: { clientId?: string; clientSecret?: string }, instance: string | null, redirectUri: string, own: ChannelCredentials | null) {
    if (input.clientId?.trim()) {
      const clientSecret = input.clientSecret?.trim() || null;
      if (!clientSecret && spec.app === 'registered' && spec.platform !== 'x') {
        throw bad(`per ${spec.name} serve anche il client secret dell’app.`, `${spec.name} needs the app's client secret too.`);
      }
      return { app: { clientId: input.clientId.trim(), clientSecret }, source: 'request' as AppSource };
    }
    const mine = appIn(own, spec, instance, redirectUri);
    if (mine) return { app: mine, source: 'channel' as AppSource };
    const group = new Set<string>(platformsOfGroup(spec.group));
    const siblings = (await deps.channels.list(enteId))
      .filter((c) => c.id !== channelId && group.has(c.platform) && c.credentials.configured)
      .sort((a, b) => (b.credentials.updatedAt ?? '').localeCompare(a.credentials.updatedAt ?? ''));
    for (const s of siblings) {
      const app = appIn(await credentialsOf(enteId, s.id), spec, instance, redirectUri);
      if (app) return { app, source: 'ente' as AppSource };
    }
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
      const found = await findApp(enteId, channelId, spec, {}, instance, redirectUri, own);
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

    /** Records the flow (sealed, in the audit trail) and returns where to send the browser. */
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
      let found = await findApp(ente.id, channelId, spec, input, instance, redirectUri, own);
      if (!found && spec.app === 'dynamic') found = { app: await registerMastodonApp(instance!, redirectUri, ente.name), source: 'registered' };
      if (!found) {
        throw bad(
          `l’Ente non ha ancora un’app registrata su ${spec.name}. L’ufficio informatico la registra una volta (indirizzo di ritorno: ${redirectUri}) e ne inserisce qui client id e client secret.`,
          `the Ente has no app registered on ${spec.name} yet. IT staff register it once (redirect URI: ${redirectUri}) and enter its client id and client secret here.`,
        );
      }
      const state = newState(ente.id);
      const { hash } = parseState(state)!;
      const verifier = newVerifier();
      const expiresAt = new Date(now().getTime() + OAUTH_FLOW_TTL_MS).toISOString();
      const flow: SealedFlow = { verifier, app: found.app, appSource: found.source, instance, hints };
      const sealed = packSealed(deps.secrets.seal(JSON.stringify(flow), `oauth:${ente.id}:${hash}`));
      const after: StartEvent & { clientId: string; appSource: AppSource } = { channelId, platform: spec.platform, enteSlug: ente.slug, expiresAt, redirectUri, flow: sealed, clientId: found.app.clientId, appSource: found.source };
      await db.transaction((tx) => appendAudit(tx, ente.id, actor.audit, { action: 'channel.oauth.start', entityType: 'channel_oauth', entityId: hash, after }));
      const url = authorizationUrl(spec, { app: found.app, redirectUri, state, verifier, oauthBase: deps.settings.oauthBases[spec.platform], instance: instance ?? undefined });
      return { authorizationUrl: url, expiresAt, redirectUri, appSource: found.source };
    },

    /**
     * The provider's redirect: checks the state (known, unused, fresh, same person, still allowed),
     * marks it used, exchanges the code, stores the credentials. Always answers where to send the
     * browser; failures are audited with their explanation and shown on the channel page.
     */
    async complete(
      q: { state?: string; code?: string; error?: string; error_description?: string },
      actor: OAuthActor | null,
      access: (slug: string) => Promise<{ id: string }>,
    ): Promise<{ location: string; ok: boolean; code?: string }> {
      const fail = (target: { slug: string; channelId: string } | null, f: OAuthFailure) => ({ location: landing(target, { ok: false, code: f.code }), ok: false, code: f.code });
      const parsed = parseState(q.state);
      if (!parsed) return fail(null, OWN_FAILURES.stato_non_valido);
      const events = await listAudit(db, parsed.enteId, { entityType: 'channel_oauth', entityId: parsed.hash, limit: 20 }).catch(() => []);
      const startRow = events.find((e) => e.action === 'channel.oauth.start');
      if (!startRow) return fail(null, OWN_FAILURES.stato_non_valido);
      const start = startRow.after as StartEvent;
      const target = { slug: start.enteSlug, channelId: start.channelId };
      const enteId = parsed.enteId;
      const refuse = async (f: OAuthFailure) => {
        await db.transaction((tx) =>
          appendAudit(tx, enteId, actor?.audit ?? { id: null, label: 'anonimo' }, { action: 'channel.oauth.refused', entityType: 'channel_oauth', entityId: parsed.hash, after: { channelId: start.channelId, reason: f.code } }),
        );
        return fail(target, f);
      };
      if (events.some((e) => e.action === 'channel.oauth.callback')) return refuse(OWN_FAILURES.gia_usato);
      if (!actor) return refuse(OWN_FAILURES.sessione);
      if (actor.userId !== startRow.actorId) return refuse(OWN_FAILURES.utente_diverso);
      try {
        const ente = await access(start.enteSlug);
        if (ente.id !== enteId) throw new Error('another Ente');
      } catch {
        return refuse(OWN_FAILURES.non_autorizzato);
      }
      // Mark the state used; the head lock orders concurrent callbacks, the later one sees the mark.
      const expired = now().getTime() > Date.parse(start.expiresAt);
      const first = await db.transaction(async (tx) => {
        await appendAudit(tx, enteId, actor.audit, { action: 'channel.oauth.callback', entityType: 'channel_oauth', entityId: parsed.hash, after: { channelId: start.channelId, expired, providerError: q.error ?? null } });
        const marks = (await listAudit(tx, enteId, { entityType: 'channel_oauth', entityId: parsed.hash, limit: 20 })).filter((e) => e.action === 'channel.oauth.callback');
        return marks.length === 1;
      });
      if (!first) return refuse(OWN_FAILURES.gia_usato);

      const spec = PROVIDERS[start.platform];
      const failed = async (f: OAuthFailure) => {
        await db.transaction((tx) => appendAudit(tx, enteId, actor.audit, { action: 'channel.oauth.fail', entityType: 'channel', entityId: start.channelId, after: { via: 'oauth', reason: f } }));
        return fail(target, f);
      };
      if (expired) return failed(OWN_FAILURES.scaduto);
      if (q.error) return failed(redirectError(spec.name, q.error, q.error_description, start.redirectUri));
      if (!q.code) return failed(redirectError(spec.name, 'invalid_request', 'no code in the redirect', start.redirectUri));
      try {
        const flow = JSON.parse(deps.secrets.open(unpackSealed(start.flow), `oauth:${enteId}:${parsed.hash}`)) as SealedFlow;
        const channel = await deps.channels.get(enteId, start.channelId);
        if (channel.platform !== spec.platform) throw new Failed(OWN_FAILURES.stato_non_valido);
        const prev = await credentialsOf(enteId, channel.id);
        const tokens = await exchange(
          spec,
          tokenRequest(spec, { app: flow.app, code: q.code, redirectUri: start.redirectUri, verifier: flow.verifier, apiBase: deps.apiBases?.[spec.platform], instance: flow.instance ?? undefined }),
          start.redirectUri,
        );
        const ch = { id: channel.id, platform: channel.platform, handle: channel.handle, url: channel.url };
        const { credentials, account } = await finish(enteId, ch, spec, flow, tokens, prev, start.redirectUri);
        await deps.channels.setCredentials(actor.audit, enteId, channel.id, JSON.stringify(credentials));
        const current = await deps.channels.get(enteId, channel.id);
        if (current.status !== 'attivo') await deps.channels.update(actor.audit, enteId, channel.id, { status: 'attivo', version: current.version });
        await db.transaction((tx) =>
          appendAudit(tx, enteId, actor.audit, {
            action: 'channel.connect',
            entityType: 'channel',
            entityId: channel.id,
            after: { via: 'oauth', appSource: flow.appSource, clientId: flow.app.clientId, expiresAt: credentials.expiresAt ?? null, refreshable: !!credentials.refreshToken, account: { id: account.id, handle: account.handle, name: account.name, url: account.url } },
          }),
        );
        return { location: landing(target, { ok: true }), ok: true };
      } catch (e) {
        if (e instanceof Failed) return failed(e.failure);
        throw e;
      }
    },
  };
}

export type ChannelOAuthService = ReturnType<typeof createChannelOAuthService>;
