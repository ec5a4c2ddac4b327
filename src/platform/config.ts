import path from 'node:path';

/** Everything Redazione reads from the environment, in one place (documented in the README). */
export interface Config {
  port: number;
  host: string;
  /** Embedded database folder and key file location; ignored for data when DATABASE_URL is set. */
  dataDir: string;
  databaseUrl: string | null;
  /** Base64 or hex 32-byte key for secrets at rest, or null to use a key file. */
  secretKey: string | null;
  secretKeyFile: string | null;
  /** Public base URL, used for links and OIDC redirects. */
  publicUrl: string | null;
  logLevel: string;
  /** Cookies get the Secure flag: 'auto' = on HTTPS and on localhost. */
  cookieSecure: 'auto' | 'always' | 'never';
  trustProxy: boolean;
  loginRateLimit: { perEmail: number; perIp: number; windowSeconds: number };
  oidc: OidcConfig | null;
  webDistDir: string;
  /** Largest uploads accepted, in bytes. */
  media: { imageBytes: number; videoBytes: number };
  /** Fetch the links of a post for the broken-link check: off, public hosts only, or all. */
  linkCheck: 'off' | 'public' | 'all';
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** Label on the login button, e.g. "Accedi con l'identità dell'Ente". */
  label: string;
  /** Accept an http issuer (only for a local identity provider on loopback). */
  allowInsecure: boolean;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function megabytes(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback * 1024 * 1024;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of megabytes, got "${value}"`);
  return Math.floor(n * 1024 * 1024);
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cookieSecure = env.REDAZIONE_COOKIE_SECURE ?? 'auto';
  if (!['auto', 'always', 'never'].includes(cookieSecure)) {
    throw new Error(`REDAZIONE_COOKIE_SECURE must be auto, always or never, got "${cookieSecure}"`);
  }
  const oidcIssuer = env.REDAZIONE_OIDC_ISSUER;
  const oidcClient = env.REDAZIONE_OIDC_CLIENT_ID;
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.REDAZIONE_DATA_DIR || path.join(process.cwd(), 'data')),
    databaseUrl: env.DATABASE_URL || null,
    secretKey: env.REDAZIONE_SECRET_KEY || null,
    secretKeyFile: env.REDAZIONE_SECRET_KEY_FILE || null,
    publicUrl: env.REDAZIONE_PUBLIC_URL ? env.REDAZIONE_PUBLIC_URL.replace(/\/$/, '') : null,
    logLevel: env.LOG_LEVEL || 'info',
    cookieSecure: cookieSecure as Config['cookieSecure'],
    trustProxy: env.REDAZIONE_TRUST_PROXY === '1' || env.REDAZIONE_TRUST_PROXY === 'true',
    loginRateLimit: {
      perEmail: int(env.REDAZIONE_LOGIN_LIMIT_PER_EMAIL, 5, 'REDAZIONE_LOGIN_LIMIT_PER_EMAIL'),
      perIp: int(env.REDAZIONE_LOGIN_LIMIT_PER_IP, 30, 'REDAZIONE_LOGIN_LIMIT_PER_IP'),
      windowSeconds: int(env.REDAZIONE_LOGIN_LIMIT_WINDOW, 900, 'REDAZIONE_LOGIN_LIMIT_WINDOW'),
    },
    oidc:
      oidcIssuer && oidcClient
        ? {
            issuer: oidcIssuer,
            clientId: oidcClient,
            clientSecret: env.REDAZIONE_OIDC_CLIENT_SECRET || null,
            label: env.REDAZIONE_OIDC_LABEL || "Accedi con l'identità dell'Ente",
            allowInsecure: env.REDAZIONE_OIDC_ALLOW_INSECURE === '1',
          }
        : null,
    webDistDir: env.REDAZIONE_WEB_DIR || path.join(ROOT, 'web', 'dist'),
    media: {
      imageBytes: megabytes(env.REDAZIONE_MEDIA_MAX_IMAGE_MB, 8, 'REDAZIONE_MEDIA_MAX_IMAGE_MB'),
      videoBytes: megabytes(env.REDAZIONE_MEDIA_MAX_VIDEO_MB, 200, 'REDAZIONE_MEDIA_MAX_VIDEO_MB'),
    },
    linkCheck: linkCheck(env.REDAZIONE_LINK_CHECK),
  };
}

function linkCheck(value: string | undefined): Config['linkCheck'] {
  const v = value || 'public';
  if (v !== 'off' && v !== 'public' && v !== 'all') throw new Error(`REDAZIONE_LINK_CHECK must be off, public or all, got "${v}"`);
  return v;
}
