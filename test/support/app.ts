/**
 * An in-process Redazione on a fresh database, with clients that log in like a browser (cookie
 * and CSRF token) or call with an API token. Requests go through Fastify's inject: the whole HTTP
 * stack runs, without a socket.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createRedazione, type Redazione } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { AuditActor } from '../../src/modules/audit/index.ts';
import { freshDatabase, type Backend } from './db.ts';

export const PASSWORD = 'Password-di-prova-1';
export const SYSTEM: AuditActor = { id: null, label: 'test' };

export interface TestApp extends Redazione {
  dataDir: string;
}

/** Starts Redazione on a fresh database of the given kind. */
export async function startTestApp(kind: Backend, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-test-'));
  const config = loadConfig({ REDAZIONE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDAZIONE_LOGIN_LIMIT_PER_IP: '1000', ...env });
  const database = await freshDatabase(kind);
  const app = await createRedazione(config, { database });
  return {
    ...app,
    dataDir,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Client {
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function client(app: Redazione, auth: Record<string, string>, lang = 'it'): Client {
  const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.server.inject({
      method: method as 'GET',
      url,
      headers: { 'accept-language': lang, ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      // A Buffer is sent as it is (uploads); anything else as JSON.
      ...(body !== undefined ? { payload: Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
  return {
    request,
    get: (u) => request('GET', u),
    post: (u, b) => request('POST', u, b ?? {}),
    patch: (u, b) => request('PATCH', u, b ?? {}),
    put: (u, b) => request('PUT', u, b ?? {}),
    delete: (u) => request('DELETE', u),
  };
}

/** Logs in with email and password, as the browser does, and returns a client with the session. */
export async function login(app: Redazione, email: string, password = PASSWORD, lang = 'it'): Promise<Client> {
  const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'redazione_sid');
  const { csrfToken } = res.json<{ csrfToken: string }>();
  return client(app, { cookie: `redazione_sid=${cookie!.value}`, 'x-csrf-token': csrfToken }, lang);
}

/** A client authenticated by an API token of the person in the Ente. */
export async function tokenClient(app: Redazione, email: string, enteSlug: string): Promise<Client> {
  const value = await app.services.identity.createApiToken(SYSTEM, { email, enteSlug, name: 'test' });
  return client(app, { authorization: `Bearer ${value}` });
}

export const anonymous = (app: Redazione, lang = 'it') => client(app, {}, lang);

/** An Ente with one person per role; emails are `<role>@<slug>.test`. */
export async function createEnte(app: Redazione, slug: string) {
  const { organisation } = app.services;
  const ente = await organisation.createEnte(SYSTEM, { slug, name: `Comune di ${slug}`, type: 'comune' });
  const people: Record<string, string> = {};
  for (const role of ['amministratore', 'social_media_manager', 'redattore', 'proponente', 'approvatore', 'osservatore']) {
    const r = await organisation.addPerson(SYSTEM, ente.id, { email: `${role}@${slug}.test`, name: `${role} ${slug}`, roles: [role], password: PASSWORD });
    people[role] = r.user.id;
  }
  return { ente, people, email: (role: string) => `${role}@${slug}.test` };
}

/** A valid channel body. */
export const channelBody = (handle: string, platform = 'telegram') => ({
  platform,
  handle,
  name: `Canale ${handle}`,
  url: `https://t.me/${handle}`,
  purpose: 'Avvisi e allerte di protezione civile',
  audience: 'Tutta la popolazione',
});
