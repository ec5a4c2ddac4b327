/**
 * The broken-link check fetches the links of a post: a page that does not exist blocks the
 * submission, with the link named; a working link passes. A local web server plays the Ente's site.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, startTestApp, type TestApp } from '../support/app.ts';

describe.each(backends())('links in a post on %s', (kind) => {
  let app: TestApp;
  let site: http.Server;
  let siteUrl = '';
  let ente: Awaited<ReturnType<typeof createEnte>>;
  const base = '/api/v1/enti/link';

  beforeAll(async () => {
    site = http.createServer((req, res) => res.writeHead(req.url === '/bando-2026' ? 200 : 404).end());
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    app = await startTestApp(kind, { REDAZIONE_LINK_CHECK: 'all' });
    ente = await createEnte(app, 'link');
  });
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((r) => site.close(() => r()));
  });

  test('a link to a missing page blocks submission; the fixed link lets it through', async () => {
    const smm = await login(app, ente.email('social_media_manager'));
    const channel = (await smm.post(`${base}/channels`, channelBody('avvisi-link'))).json();
    const post = (await smm.post(`${base}/proposals`, { title: 'Bando contributi', body: 'Testo', targetChannelIds: [channel.id] })).json();
    const broken = `${siteUrl}/bando-2025`;
    const edited = await smm.patch(`${base}/posts/${post.id}`, {
      version: post.version,
      variants: [{ channelId: channel.id, text: `Il bando per i contributi alle famiglie è online: ${broken}` }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const check = (await smm.post(`${base}/posts/${post.id}/check`, {})).json();
    const findings = check.results[0].findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`);
    expect(findings).toContain('links.broken:blocking');
    const refused = await smm.post(`${base}/posts/${post.id}/submit`, {});
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json().errors)).toContain('bando-2025');

    const fixed = await smm.patch(`${base}/posts/${post.id}`, {
      version: edited.json().version,
      variants: [{ channelId: channel.id, text: `Il bando per i contributi alle famiglie è online: ${siteUrl}/bando-2026` }],
    });
    const ok = await smm.post(`${base}/posts/${post.id}/submit`, { version: fixed.json().version });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
