/**
 * Publishing in the browser, against the Telegram Bot API emulator with the worker running: the
 * social media manager connects the Telegram channel through "Collega il canale" (the server
 * checks the bot with the emulator and shows who it is), opens an approved post, presses
 * "Pubblica ora", confirms, and sees the state become "Pubblicato" with the link to the message;
 * the queue page lists the channel. Every page and state passes axe-core (WCAG 2.1 AA).
 */
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { login } from '../support/app.ts';
import { freePort } from '../support/processes.ts';
import { startWebAppWithWorker } from '../support/web-server-worker.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const ENTE = '/enti/comune-di-esempio';
const API = `/api/v1${ENTE}`;
const TITLE = 'Allerta meteo: scuole chiuse domani';
const TEXT = 'Allerta meteo rossa: domani scuole e parchi chiusi in tutto il territorio comunale. Aggiornamenti su questo canale.';

describe.skipIf(!chromiumPath() && !process.env.CI)('publishing in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebAppWithWorker>>;
  let tg: TelegramServer;
  let browser: Browser;
  let page: Page;
  let channelId = '';
  let postId = '';

  beforeAll(async () => {
    const port = await freePort();
    tg = new TelegramServer({ port, host: '127.0.0.1' });
    await tg.start();
    web = await startWebAppWithWorker({ REDAZIONE_API_BASE_TELEGRAM: `http://127.0.0.1:${port}`, REDAZIONE_PUBLISH_POLL_MS: '200' });
    browser = await launch();

    // An approved post for the Telegram channel, written and approved through the API.
    const red = await login(web.app, 'redattore@comune.esempio.it', DEMO_PASSWORD);
    const appr = await login(web.app, 'approvatore@comune.esempio.it', DEMO_PASSWORD);
    const channels = (await red.get(`${API}/channels`)).json<{ channels: { id: string; platform: string }[] }>().channels;
    channelId = channels.find((c) => c.platform === 'telegram')!.id;
    const p = (await red.post(`${API}/proposals`, { title: TITLE, body: TEXT })).json<{ id: string; version: number }>();
    const edited = await red.patch(`${API}/posts/${p.id}`, { version: p.version, variants: [{ channelId, text: TEXT }] });
    expect(edited.statusCode, edited.body).toBe(200);
    const sub = await red.post(`${API}/posts/${p.id}/submit`, { version: edited.json<{ version: number }>().version });
    expect(sub.statusCode, sub.body).toBe(200);
    const ok = await appr.post(`${API}/posts/${p.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ status: string }>().status).toBe('approvato');
    postId = p.id;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await tg?.stop();
  });

  async function expectAccessible(what: string) {
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').count(), `${what}: one h1`).toBe(1);
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  test('the SMM connects the Telegram channel through the form', async () => {
    const context = await browser.newContext({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
    page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill('smm@comune.esempio.it');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);

    await page.goto(`${web.url}${ENTE}/canali/${channelId}`);
    const form = page.getByRole('region', { name: 'Collega il canale' });
    await expect.poll(() => form.count()).toBe(1);
    await expectAccessible('channel page with the connect form');

    // Nothing filled in: each required field says so.
    await form.getByRole('button', { name: 'Verifica e collega' }).click();
    await expect.poll(() => form.getByText('Campo obbligatorio: compilalo.').count()).toBe(2);
    await expectAccessible('connect form with errors');

    await form.getByLabel('Token del bot').fill('123:bot-token');
    await form.getByLabel('Canale Telegram (chat_id)').fill('@comunediesempio_allerte');
    await form.getByRole('button', { name: 'Verifica e collega' }).click();
    await expect.poll(() => form.innerText()).toContain('Canale collegato');
    expect(await form.innerText()).toContain('@TestNameBot');
    await expect.poll(() => page.locator('#channel-summary + dl').innerText()).toMatch(/Configurate il/);
    await expectAccessible('channel connected');
  });

  test('"Pubblica ora" on the approved post: confirmed, then "Pubblicato" with the link', async () => {
    await page.goto(`${web.url}${ENTE}/post/${postId}`);
    const section = page.getByRole('region', { name: 'Pubblicazione' });
    await expect.poll(() => section.getByRole('button', { name: 'Pubblica ora' }).count()).toBe(1);
    await expectAccessible('post approved, before publishing');

    await section.getByRole('button', { name: 'Pubblica ora' }).click();
    await expect.poll(() => section.getByText('Confermi la pubblicazione immediata?').count()).toBe(1);
    await expectAccessible('publish now: confirmation');

    await section.getByRole('button', { name: 'Sì, pubblica ora' }).click();
    const live = section.getByRole('status');
    await expect.poll(() => live.first().innerText()).toContain('Pubblicazione immediata avviata');
    await expect.poll(() => section.locator('article').first().innerText(), { timeout: 20_000 }).toContain('Pubblicato');
    const link = section.getByRole('link', { name: /Apri il post su Canale Telegram/ });
    await expect.poll(() => link.count()).toBe(1);
    const sent = tg.storage.botMessages.filter((m) => (m.message as { text?: string }).text === TEXT);
    expect(sent).toHaveLength(1);
    expect(await link.getAttribute('href')).toBe(`https://t.me/comunediesempio_allerte/${sent[0]!.messageId}`);
    // The change was announced in the polite live region.
    await expect.poll(() => live.first().innerText()).toContain('Allerte Comune di Esempio: Pubblicato.');
    await expectAccessible('published with the link');

    await section.getByText('Tentativi (1)').click();
    const attempts = section.getByRole('table', { name: /Tentativi di pubblicazione/ });
    await expect.poll(() => attempts.innerText()).toContain('Pubblicato');
    await expectAccessible('attempts shown');

    // Published: nothing left to publish now.
    expect(await section.getByRole('button', { name: 'Pubblica ora' }).count()).toBe(0);
  });

  test('the queue page lists the channel', async () => {
    // Something still in the queue: the demo's scheduled post on the same channel.
    await page.getByRole('link', { name: 'Coda', exact: true }).click();
    await page.waitForURL(/\/coda$/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Coda di pubblicazione');
    const perChannel = page.getByRole('table', { name: 'Pubblicazioni in coda per canale' });
    await expect.poll(() => perChannel.innerText()).toContain('Allerte Comune di Esempio');
    const items = page.getByRole('table', { name: /Pubblicazioni in coda, con il post/ });
    await expect.poll(() => items.getByRole('link', { name: 'Open day della biblioteca' }).count()).toBe(2);
    await expectAccessible('publishing queue');
  });
});
