import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEnte, startTestApp, type TestApp } from '../support/app.ts';
import { startOidcProvider } from '../support/oidc-provider.ts';

describe('single sign-on with the Ente identity provider (OIDC)', () => {
  let app: TestApp;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  let ente: Awaited<ReturnType<typeof createEnte>>;

  beforeAll(async () => {
    idp = await startOidcProvider('redazione');
    app = await startTestApp('pglite', {
      REDAZIONE_OIDC_ISSUER: idp.issuer,
      REDAZIONE_OIDC_CLIENT_ID: 'redazione',
      REDAZIONE_OIDC_CLIENT_SECRET: 'segreto-client',
      REDAZIONE_OIDC_ALLOW_INSECURE: '1',
      REDAZIONE_PUBLIC_URL: 'http://localhost:3000',
    });
    ente = await createEnte(app, 'sso');
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  /** Follows start -> provider -> callback like a browser, returning the callback's response. */
  async function signIn() {
    const start = await app.server.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
    expect(start.statusCode).toBe(303);
    const flowCookie = start.cookies.find((c) => c.name === 'redazione_oidc')!;
    const atProvider = await fetch(start.headers.location as string, { redirect: 'manual' });
    expect(atProvider.status).toBe(302);
    const callback = new URL(atProvider.headers.get('location')!);
    expect(callback.pathname).toBe('/api/v1/auth/oidc/callback');
    return app.server.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: { redazione_oidc: flowCookie.value } });
  }

  test('the login page is told that single sign-on is available', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/auth/options' });
    expect(res.json().oidc).toMatchObject({ url: '/api/v1/auth/oidc/start' });
  });

  test('a registered person signs in and gets a session with their roles', async () => {
    idp.as({ sub: 'abc-123', email: ente.email('redattore') });
    const res = await signIn();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const session = res.cookies.find((c) => c.name === 'redazione_sid')!;
    const me = await app.server.inject({ method: 'GET', url: '/api/v1/me', cookies: { redazione_sid: session.value } });
    expect(me.json().enti[0]).toMatchObject({ slug: 'sso', roles: ['redattore'] });
  });

  test('once bound, another subject with the same email is refused', async () => {
    idp.as({ sub: 'impostore', email: ente.email('redattore') });
    const res = await signIn();
    expect(res.headers.location).toBe('/login?sso=identita_diversa');
    expect(res.cookies.find((c) => c.name === 'redazione_sid')).toBeUndefined();
  });

  test('someone the Ente has not registered gets no session', async () => {
    idp.as({ sub: 'xyz', email: 'sconosciuto@example.test' });
    const res = await signIn();
    expect(res.headers.location).toBe('/login?sso=utente_sconosciuto');
    expect(res.cookies.find((c) => c.name === 'redazione_sid')).toBeUndefined();
  });

  test('an unverified email is refused', async () => {
    idp.as({ sub: 'nv', email: ente.email('osservatore'), email_verified: false });
    expect((await signIn()).headers.location).toBe('/login?sso=email_mancante');
  });

  test('a callback without the flow cookie (forged or replayed) opens nothing', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/auth/oidc/callback?code=x&state=y' });
    expect(res.headers.location).toBe('/login?sso=sessione_scaduta');
  });
});
