/**
 * Connecting a channel with OAuth 2.0 (authorization code), as pure functions: each platform's
 * authorization server, scopes and client authentication, PKCE, the `state` format, where the
 * office lands afterwards, and the provider's errors in Italian and English (ADR 0008).
 *
 * Written against:
 * - Mastodon: "apps" https://docs.joinmastodon.org/methods/apps/#create (POST /api/v1/apps with
 *   client_name, redirect_uris, scopes, website → client_id, client_secret) and "oauth"
 *   https://docs.joinmastodon.org/methods/oauth/ (GET /oauth/authorize with response_type=code,
 *   client_id, redirect_uri, scope, state, code_challenge, code_challenge_method=S256; POST
 *   /oauth/token with grant_type=authorization_code, code, client_id, client_secret, redirect_uri,
 *   code_verifier → {access_token, token_type, scope, created_at}; tokens do not expire).
 * - X: "OAuth 2.0 Authorization Code Flow with PKCE",
 *   https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code and
 *   https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token
 *   (https://twitter.com/i/oauth2/authorize; POST https://api.x.com/2/oauth2/token, form body,
 *   Basic authorization for confidential clients, client_id in the body for public ones; the
 *   access token lasts two hours, `offline.access` gives a refresh token). `media.write` is asked
 *   too because the connector uploads images with the v2 media endpoints.
 * - LinkedIn: "Authorization Code Flow (3-legged OAuth)",
 *   https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
 *   (https://www.linkedin.com/oauth/v2/authorization; POST /oauth/v2/accessToken with
 *   client_id and client_secret in the form → {access_token, expires_in, refresh_token?,
 *   refresh_token_expires_in?, scope}; a refused consent comes back as
 *   error=user_cancelled_authorize or user_cancelled_login). No PKCE for web apps.
 * - Meta: "Manually Build a Login Flow",
 *   https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 *   (https://www.facebook.com/v21.0/dialog/oauth; GET graph /v21.0/oauth/access_token with
 *   client_id, redirect_uri, client_secret, code; a refusal comes back with error=access_denied,
 *   error_reason=user_denied), "Get Long-Lived Tokens",
 *   https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
 *   (grant_type=fb_exchange_token, then /me/accounts gives Page tokens that do not expire).
 * - Google: "Using OAuth 2.0 for Web Server Applications",
 *   https://developers.google.com/identity/protocols/oauth2/web-server
 *   (https://accounts.google.com/o/oauth2/v2/auth with access_type=offline, prompt=consent,
 *   code_challenge; POST https://oauth2.googleapis.com/token → {access_token, expires_in,
 *   refresh_token, scope, token_type}; errors `{error, error_description}`, invalid_grant).
 * - RFC 6749 §4.1.2.1 and §5.2 (error codes at the redirect and at the token endpoint) and
 *   RFC 7636 (PKCE, S256).
 */
import crypto from 'node:crypto';
import type { Platform } from '../channels/index.ts';
import { GRAPH_VERSION } from '../../connectors/facebook_page/graph.ts';

export const OAUTH_PLATFORMS = ['mastodon', 'x', 'linkedin', 'facebook_page', 'instagram', 'youtube'] as const;
export type OAuthPlatform = (typeof OAUTH_PLATFORMS)[number];

/** Platforms that share one registered app (Facebook Pages and Instagram: the Ente's Meta app). */
export const APP_GROUPS = ['mastodon', 'x', 'linkedin', 'meta', 'youtube'] as const;
export type AppGroup = (typeof APP_GROUPS)[number];

/** For messages and the web form: the name of the place where the Ente registers its app. */
export const GROUP_NAMES: Record<AppGroup, string> = { mastodon: 'Mastodon', x: 'X', linkedin: 'LinkedIn', meta: 'Meta (Facebook, Instagram)', youtube: 'YouTube (Google)' };

/** Whether an app of the group needs its client secret (X also allows public clients, PKCE only). */
export const secretRequired = (group: AppGroup): boolean => group !== 'x';

export const isOAuthPlatform = (p: string): p is OAuthPlatform => (OAUTH_PLATFORMS as readonly string[]).includes(p);

export interface ProviderSpec {
  platform: OAuthPlatform;
  /** For messages: the platform's name. */
  name: string;
  group: AppGroup;
  /** Mastodon registers its app on each instance by itself; the others need the Ente's app. */
  app: 'dynamic' | 'registered';
  scopes: readonly string[];
  scopeSeparator: ' ' | ',';
  pkce: boolean;
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'basic' | 'post' | 'query';
  /** The browser-facing authorization endpoint. */
  authorizeUrl(base: { oauthBase?: string; instance?: string }): string;
  /** The token endpoint: the same place the connector's refresh uses (REDAZIONE_API_BASE_<PLATFORM>). */
  tokenUrl(base: { apiBase?: string; instance?: string }): string;
  extraAuthorizeParams?: Record<string, string>;
}

const trim = (u: string) => u.replace(/\/+$/, '');
const graphRoot = (apiBase?: string) => `${trim(apiBase ?? 'https://graph.facebook.com')}/${GRAPH_VERSION}`;
const metaDialog = (oauthBase?: string) => `${trim(oauthBase ?? 'https://www.facebook.com')}/${GRAPH_VERSION}/dialog/oauth`;

function needInstance(instance?: string): string {
  if (!instance) throw new Error('mastodon instance missing');
  return trim(instance);
}

export const PROVIDERS: Record<OAuthPlatform, ProviderSpec> = {
  mastodon: {
    platform: 'mastodon',
    name: 'Mastodon',
    group: 'mastodon',
    app: 'dynamic',
    scopes: ['read', 'write'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'post',
    authorizeUrl: (b) => `${trim(b.oauthBase ?? needInstance(b.instance))}/oauth/authorize`,
    tokenUrl: (b) => `${trim(b.apiBase ?? needInstance(b.instance))}/oauth/token`,
  },
  x: {
    platform: 'x',
    name: 'X',
    group: 'x',
    app: 'registered',
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'basic',
    authorizeUrl: (b) => `${trim(b.oauthBase ?? 'https://twitter.com')}/i/oauth2/authorize`,
    tokenUrl: (b) => `${trim(b.apiBase ?? 'https://api.x.com')}/2/oauth2/token`,
  },
  linkedin: {
    platform: 'linkedin',
    name: 'LinkedIn',
    group: 'linkedin',
    app: 'registered',
    scopes: ['w_organization_social', 'r_organization_social', 'rw_organization_admin'],
    scopeSeparator: ' ',
    pkce: false,
    clientAuth: 'post',
    authorizeUrl: (b) => `${trim(b.oauthBase ?? 'https://www.linkedin.com')}/oauth/v2/authorization`,
    // Same host rule as the connector's refresh (src/connectors/linkedin: oauthBase).
    tokenUrl: (b) => `${trim(b.apiBase ?? 'https://www.linkedin.com')}/oauth/v2/accessToken`,
  },
  facebook_page: {
    platform: 'facebook_page',
    name: 'Facebook',
    group: 'meta',
    app: 'registered',
    // Publishing (pages_manage_posts) and the community inbox (comments: read, reply, hide).
    scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'pages_manage_engagement', 'pages_read_user_content'],
    scopeSeparator: ',',
    pkce: false,
    clientAuth: 'query',
    authorizeUrl: (b) => metaDialog(b.oauthBase),
    tokenUrl: (b) => `${graphRoot(b.apiBase)}/oauth/access_token`,
  },
  instagram: {
    platform: 'instagram',
    name: 'Instagram',
    group: 'meta',
    app: 'registered',
    scopes: ['instagram_basic', 'instagram_content_publish', 'instagram_manage_comments', 'pages_show_list', 'pages_read_engagement'],
    scopeSeparator: ',',
    pkce: false,
    clientAuth: 'query',
    authorizeUrl: (b) => metaDialog(b.oauthBase),
    tokenUrl: (b) => `${graphRoot(b.apiBase)}/oauth/access_token`,
  },
  youtube: {
    platform: 'youtube',
    name: 'YouTube',
    group: 'youtube',
    app: 'registered',
    // Upload, and list/delete own videos and read comments (youtube.force-ssl).
    scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.force-ssl'],
    scopeSeparator: ' ',
    pkce: true,
    clientAuth: 'post',
    authorizeUrl: (b) => `${trim(b.oauthBase ?? 'https://accounts.google.com')}/o/oauth2/v2/auth`,
    // Same rule as the connector's refresh (src/connectors/youtube: tokenUrl).
    tokenUrl: (b) => (b.apiBase ? `${trim(b.apiBase)}/token` : 'https://oauth2.googleapis.com/token'),
    extraAuthorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  },
};

/** Meta's Graph root (versioned), for the long-lived exchange and /me/accounts. */
export const metaGraphRoot = graphRoot;

// ---- PKCE and state ------------------------------------------------------------------------------

/** RFC 7636 §4.1: 32 random octets, base64url (43 characters). */
export function newVerifier(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2: S256. */
export function challengeOf(verifier: string): string {
  return crypto.createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The `state` sent to the provider: the Ente (to find the flow in its tenant) and 32 random octets. */
export function newState(enteId: string): string {
  return `${enteId}.${crypto.randomBytes(32).toString('base64url')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Ente and the hash under which the flow is recorded, or null for a malformed state. */
export function parseState(state: string | undefined): { enteId: string; hash: string } | null {
  if (!state || state.length > 200) return null;
  const [enteId, nonce, ...rest] = state.split('.');
  if (rest.length || !enteId || !UUID.test(enteId) || !nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) return null;
  return { enteId, hash: crypto.createHash('sha256').update(state).digest('hex') };
}

// ---- requests -------------------------------------------------------------------------------------

export interface OAuthApp {
  clientId: string;
  clientSecret: string | null;
}

/** The URL the browser is sent to. */
export function authorizationUrl(
  spec: ProviderSpec,
  o: { app: OAuthApp; redirectUri: string; state: string; verifier: string; oauthBase?: string; instance?: string },
): string {
  const url = new URL(spec.authorizeUrl({ oauthBase: o.oauthBase, instance: o.instance }));
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', o.app.clientId);
  p.set('redirect_uri', o.redirectUri);
  p.set('scope', spec.scopes.join(spec.scopeSeparator));
  p.set('state', o.state);
  if (spec.pkce) {
    p.set('code_challenge', challengeOf(o.verifier));
    p.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(spec.extraAuthorizeParams ?? {})) p.set(k, v);
  return url.toString();
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The code-for-token request (RFC 6749 §4.1.3), with the platform's client authentication. */
export function tokenRequest(spec: ProviderSpec, o: { app: OAuthApp; code: string; redirectUri: string; verifier: string; apiBase?: string; instance?: string }): HttpRequestSpec {
  const url = spec.tokenUrl({ apiBase: o.apiBase, instance: o.instance });
  const params = new URLSearchParams({ grant_type: 'authorization_code', code: o.code, redirect_uri: o.redirectUri, client_id: o.app.clientId });
  if (spec.pkce) params.set('code_verifier', o.verifier);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (spec.clientAuth === 'query') {
    // Meta: a GET with the app secret in the query (the manual-flow page's "Exchanging Code for an Access Token").
    params.delete('grant_type');
    if (o.app.clientSecret) params.set('client_secret', o.app.clientSecret);
    return { method: 'GET', url: `${url}?${params.toString()}`, headers };
  }
  if (spec.clientAuth === 'basic' && o.app.clientSecret) {
    // X: base64(client_id:client_secret), as the connector's refresh sends it.
    headers.authorization = `Basic ${Buffer.from(`${o.app.clientId}:${o.app.clientSecret}`).toString('base64')}`;
  } else if (o.app.clientSecret) {
    params.set('client_secret', o.app.clientSecret);
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { method: 'POST', url, headers, body: params.toString() };
}

export interface TokenAnswer {
  accessToken: string;
  refreshToken: string | null;
  /** ISO time, or null when the token does not expire (Mastodon, Meta Page tokens). */
  expiresAt: string | null;
  scope: string | null;
}

/** A successful token endpoint answer (RFC 6749 §5.1), or null when it has no access token. */
export function parseTokenAnswer(body: unknown, now: Date): TokenAnswer | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || !b.access_token) return null;
  const expiresIn = typeof b.expires_in === 'number' ? b.expires_in : typeof b.expires_in === 'string' ? Number(b.expires_in) : NaN;
  return {
    accessToken: b.access_token,
    refreshToken: typeof b.refresh_token === 'string' && b.refresh_token ? b.refresh_token : null,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000).toISOString() : null,
    scope: typeof b.scope === 'string' ? b.scope : null,
  };
}

// ---- outcomes and their messages ---------------------------------------------------------------------

/** Why a connection did not go through: a stable code for the redirect, and what to do. */
export type OAuthFailureCode =
  | 'negato' // the person refused consent at the provider
  | 'errore_piattaforma' // the provider answered an error at the redirect
  | 'codice_non_valido' // invalid_grant: code expired, already used, or the verifier does not match
  | 'app_non_valida' // invalid_client: wrong client id or secret
  | 'indirizzo_di_ritorno' // the redirect URI is not registered in the app
  | 'non_raggiungibile' // network failure toward the provider
  | 'verifica_fallita' // the token works but the account cannot be read or chosen
  | 'stato_non_valido' // unknown or malformed state
  | 'gia_usato' // the state was already used (replay)
  | 'scaduto' // the flow is older than its expiry
  | 'sessione' // nobody is logged in at the callback
  | 'utente_diverso' // someone else started the flow
  | 'non_autorizzato'; // the person may not manage this channel's credentials (any more)

export interface OAuthFailure {
  code: OAuthFailureCode;
  it: string;
  en: string;
}

const DENIED = new Set(['access_denied', 'user_denied', 'user_cancelled_login', 'user_cancelled_authorize', 'consent_required']);

/** An `error` the provider put on the redirect (RFC 6749 §4.1.2.1, and each platform's variants). */
export function redirectError(platform: string, error: string, description: string | undefined, redirectUri: string): OAuthFailure {
  const said = description ? ` (${platform}: ${description.slice(0, 300)})` : '';
  if (DENIED.has(error)) {
    return {
      code: 'negato',
      it: `L’autorizzazione è stata negata su ${platform}: il canale non è stato collegato. Riprova con «Collega con ${platform}» e accetta tutti i permessi richiesti.`,
      en: `Authorization was refused on ${platform}: the channel was not connected. Try "Connect with ${platform}" again and accept every permission asked.`,
    };
  }
  if (error === 'redirect_uri_mismatch' || /redirect/i.test(description ?? '')) return redirectMismatch(platform, redirectUri, said);
  if (error === 'invalid_scope' || error === 'unauthorized_client') {
    return {
      code: 'errore_piattaforma',
      it: `${platform} non concede all’app i permessi richiesti (${error})${said}: l’ufficio informatico deve abilitarli nell’app registrata dall’Ente, poi riprova.`,
      en: `${platform} does not grant the app the permissions asked (${error}): IT staff must enable them in the Ente's registered app, then try again.${said}`,
    };
  }
  return {
    code: 'errore_piattaforma',
    it: `${platform} ha interrotto l’autorizzazione con l’errore «${error.slice(0, 80)}»${said}: riprova tra qualche minuto; se si ripete, chiedi all’ufficio informatico di controllare l’app registrata.`,
    en: `${platform} stopped the authorization with the error "${error.slice(0, 80)}": try again in a few minutes; if it happens again, ask IT staff to check the registered app.${said}`,
  };
}

function redirectMismatch(platform: string, redirectUri: string, said: string): OAuthFailure {
  return {
    code: 'indirizzo_di_ritorno',
    it: `${platform} non riconosce l’indirizzo di ritorno di Redazione${said}: nell’app registrata va aggiunto esattamente ${redirectUri}.`,
    en: `${platform} does not recognise Redazione's redirect address: add exactly ${redirectUri} to the registered app.${said}`,
  };
}

/** An error answer of the token endpoint: RFC 6749 §5.2 `{error, error_description}` or Graph's `{error:{message,code,error_subcode}}`. */
export function tokenError(platform: string, status: number, body: unknown, redirectUri: string): OAuthFailure {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  let error = typeof b.error === 'string' ? b.error : '';
  let description = typeof b.error_description === 'string' ? b.error_description : '';
  const graph = b.error && typeof b.error === 'object' ? (b.error as { message?: string; code?: number; error_subcode?: number }) : null;
  if (graph) {
    description = graph.message ?? '';
    // Graph: 100/36007–36009 bad, expired or used code; 101 and "client secret" messages: the app.
    if (graph.code === 101 || /client[_ ]secret|application id/i.test(description)) error = 'invalid_client';
    else if (graph.code === 100 && [36007, 36008, 36009].includes(graph.error_subcode ?? 0)) error = 'invalid_grant';
    else if (/redirect_uri/i.test(description)) error = 'redirect_uri_mismatch';
    else error = `graph_${graph.code ?? status}`;
  }
  const said = description ? ` (${platform}: ${description.slice(0, 300)})` : '';
  if (error === 'invalid_grant') {
    return {
      code: 'codice_non_valido',
      it: `${platform} non ha accettato il codice di autorizzazione (scaduto, già usato o non corrispondente)${said}: ripeti il collegamento dall’inizio.`,
      en: `${platform} did not accept the authorization code (expired, already used or not matching): start the connection again.${said}`,
    };
  }
  if (error === 'invalid_client' || error === 'unauthorized_client' || status === 401) {
    return {
      code: 'app_non_valida',
      it: `${platform} non riconosce l’app dell’Ente (client id o client secret errati o revocati)${said}: l’ufficio informatico deve controllarli e, se serve, inserirli di nuovo.`,
      en: `${platform} does not recognise the Ente's app (wrong or revoked client id or secret): IT staff must check them and enter them again if needed.${said}`,
    };
  }
  if (error === 'redirect_uri_mismatch') return redirectMismatch(platform, redirectUri, said);
  return {
    code: 'errore_piattaforma',
    it: `${platform} ha rifiutato lo scambio del codice (HTTP ${status}${error ? `, ${error.slice(0, 80)}` : ''})${said}: riprova tra qualche minuto.`,
    en: `${platform} refused the code exchange (HTTP ${status}${error ? `, ${error.slice(0, 80)}` : ''}): try again in a few minutes.${said}`,
  };
}

/** Failures decided by Redazione itself (state, session, permissions). */
export const OWN_FAILURES: Record<'stato_non_valido' | 'gia_usato' | 'scaduto' | 'sessione' | 'utente_diverso' | 'non_autorizzato', OAuthFailure> = {
  stato_non_valido: { code: 'stato_non_valido', it: 'Il ritorno dalla piattaforma non corrisponde a un collegamento avviato da Redazione: riavvia il collegamento dalla scheda del canale.', en: 'The return from the platform does not match a connection started by Redazione: start the connection again from the channel page.' },
  gia_usato: { code: 'gia_usato', it: 'Questo ritorno dalla piattaforma è già stato usato: per sicurezza vale una volta sola. Se il canale non risulta collegato, riavvia il collegamento.', en: 'This return from the platform was already used: for safety it is valid once. If the channel is not connected, start again.' },
  scaduto: { code: 'scaduto', it: 'Il collegamento è rimasto in sospeso troppo a lungo (più di 10 minuti): riavvialo e completa l’autorizzazione subito.', en: 'The connection waited too long (more than 10 minutes): start it again and complete the authorization right away.' },
  sessione: { code: 'sessione', it: 'Al ritorno dalla piattaforma non risultavi collegato a Redazione: accedi e riavvia il collegamento.', en: 'You were not logged in to Redazione on the way back from the platform: log in and start the connection again.' },
  utente_diverso: { code: 'utente_diverso', it: 'Il collegamento è stato avviato da un’altra persona: solo chi lo ha avviato può completarlo.', en: 'The connection was started by someone else: only the person who started it can complete it.' },
  non_autorizzato: { code: 'non_autorizzato', it: 'Non hai (più) il permesso di collegare i canali di questo Ente.', en: 'You (no longer) have permission to connect this Ente’s channels.' },
};

/** Where the browser lands after the callback. */
export function landing(target: { slug: string; channelId: string } | null, outcome: { ok: true } | { ok: false; code: OAuthFailureCode }): string {
  const q = outcome.ok ? 'oauth=ok' : `oauth=errore&motivo=${outcome.code}`;
  if (!target) return `/?${q}`;
  return `/enti/${encodeURIComponent(target.slug)}/canali/${encodeURIComponent(target.channelId)}?${q}#channel-connect`;
}

// ---- configuration ----------------------------------------------------------------------------------

export interface OAuthSettings {
  /** REDAZIONE_OAUTH_BASE_<PLATFORM>: another authorization server for the browser (tests, proxies). */
  oauthBases: Partial<Record<OAuthPlatform, string>>;
  /** REDAZIONE_OAUTH_<GROUP>_CLIENT_ID / _CLIENT_SECRET: the installation's own app, used when the Ente has none. */
  installationApps: Partial<Record<AppGroup, OAuthApp>>;
}

/** Reads the settings from the environment. */
export function oauthSettingsFromEnv(env: NodeJS.ProcessEnv): OAuthSettings {
  const oauthBases: OAuthSettings['oauthBases'] = {};
  for (const p of OAUTH_PLATFORMS) {
    const v = env[`REDAZIONE_OAUTH_BASE_${p.toUpperCase()}`];
    if (v) oauthBases[p] = trim(v);
  }
  const installationApps: OAuthSettings['installationApps'] = {};
  for (const g of ['x', 'linkedin', 'meta', 'youtube'] as const) {
    const id = env[`REDAZIONE_OAUTH_${g.toUpperCase()}_CLIENT_ID`];
    if (id) installationApps[g] = { clientId: id, clientSecret: env[`REDAZIONE_OAUTH_${g.toUpperCase()}_CLIENT_SECRET`] || null };
  }
  return { oauthBases, installationApps };
}

/** Platforms of one app group (the Ente's Meta app serves Facebook Pages and Instagram). */
export function platformsOfGroup(group: AppGroup): Platform[] {
  return OAUTH_PLATFORMS.filter((p) => PROVIDERS[p].group === group);
}

/** "A/B" or `https://host` — the Mastodon instance as one canonical origin. */
export function canonicalInstance(raw: string): string | null {
  try {
    const u = new URL(/^https?:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`);
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Picks the account to connect among those the token can reach: the one named explicitly (page id,
 * organisation id: it must exist), else the one matching the channel's handle, else the only one.
 */
export function pickOne<T>(items: T[], keys: (t: T) => Array<string | null | undefined>, o: { explicit?: string | null; handle?: string | null }): T | null {
  const norm = (s: string) => s.trim().replace(/^@/, '').toLowerCase();
  const matching = (w: string) => items.filter((t) => keys(t).some((k) => k && norm(k) === norm(w)));
  if (o.explicit?.trim()) {
    const hit = matching(o.explicit);
    return hit.length === 1 ? hit[0]! : null;
  }
  if (o.handle?.trim()) {
    const hit = matching(o.handle);
    if (hit.length === 1) return hit[0]!;
  }
  return items.length === 1 ? items[0]! : null;
}
