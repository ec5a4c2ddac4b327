/**
 * Crisis mode and alerts in the browser, with the workers running against the Telegram Bot API
 * emulator: the social media manager declares a crisis (field errors first) and the banner shows
 * on every page, for other people too; the scheduled posts are paused; a redattore composes an
 * alert (arancione, idrogeologico) whose behaviour rules come from the template, first without a
 * validity window (the server's field errors shown next to the fields), then valid, and sees the
 * per-channel preview; the approvatore approves it and the alert page shows the publication on
 * the Telegram channel and the broadcast to subscribers live until every subscriber got it once;
 * the crisis is ended by hand, the banner goes away, the paused posts are rescheduled or dropped
 * one by one; subscribers, listening and false claims pages work; the public alert page (no
 * login) shows the alert. Every page and state passes axe-core (WCAG 2.1 AA).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { login, type Client } from '../support/app.ts';
import { freePort } from '../support/processes.ts';
import { startWebAppWithWorker } from '../support/web-server-worker.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const ENTE = '/enti/comune-di-esempio';
const API = `/api/v1${ENTE}`;
const REASON = 'Esondazione del torrente Savena';
const SUBSCRIBERS = ['100001', '100002', '100003', '100004', '100005'];
const HOUR = 3_600_000;

/**
 * A pass-through in front of the Telegram emulator that, while `expired`, answers the sends to
 * subscribers' chats the way the Bot API answers a revoked bot token (401 Unauthorized).
 */
async function tokenSwitch(target: string) {
  const state = { expired: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const chat = /sendMessage$/.test(req.url ?? '') ? String((JSON.parse(body.toString() || '{}') as { chat_id?: unknown }).chat_id) : '';
      if (state.expired && SUBSCRIBERS.includes(chat)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
        return;
      }
      const headers = req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : undefined;
      fetch(`${target}${req.url}`, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body })
        .then(async (r) => res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await r.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!chromiumPath() && !process.env.CI)('crisis mode and alerts in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebAppWithWorker>>;
  let tg: TelegramServer;
  let proxy: Awaited<ReturnType<typeof tokenSwitch>>;
  let browser: Browser;
  let smmApi: Client;
  let telegramId = '';
  let alertPath = '';
  let smm: Page;
  let red: Page;
  let appr: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    tg = new TelegramServer({ port, host: '127.0.0.1' });
    await tg.start();
    proxy = await tokenSwitch(`http://127.0.0.1:${port}`);
    web = await startWebAppWithWorker({ REDAZIONE_API_BASE_TELEGRAM: proxy.url, REDAZIONE_PUBLISH_POLL_MS: '200', REDAZIONE_BROADCAST_POLL_MS: '250' });
    browser = await launch();

    // The Telegram channel is connected (the emulator checks the bot) and five citizens opted in.
    smmApi = await login(web.app, 'smm@comune.esempio.it', DEMO_PASSWORD);
    const channels = (await smmApi.get(`${API}/channels`)).json<{ channels: { id: string; platform: string }[] }>().channels;
    telegramId = channels.find((c) => c.platform === 'telegram')!.id;
    const connected = await smmApi.post(`${API}/channels/${telegramId}/connect`, { accessToken: '123:bot-token', account: { chatId: '@comunediesempio_allerte' } });
    expect(connected.statusCode, connected.body).toBe(200);
    const subs = await smmApi.post(`${API}/subscribers`, { subscribers: SUBSCRIBERS.map((address) => ({ channel: 'telegram', address, source: 'comando /start' })) });
    expect(subs.statusCode, subs.body).toBe(200);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await web?.close();
    await proxy?.close();
    await tg?.stop();
  });

  async function loggedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);
    return page;
  }

  async function expectAccessible(page: Page, what: string, h1 = 1) {
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').count(), `${what}: one h1`).toBe(h1);
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  /** A value for <input type="datetime-local">, `offset` ms from now, in the browser's own time zone. */
  const localInput = (page: Page, offset: number) =>
    page.evaluate((ms) => {
      const d = new Date(Date.now() + ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }, offset);

  const banner = (page: Page) => page.locator('.rdz-crisis-banner');

  test('the SMM declares a crisis (field errors first); the banner shows on every page, for everyone; scheduled posts are paused', async () => {
    smm = await loggedIn('smm@comune.esempio.it');
    await smm.getByRole('link', { name: 'Crisi', exact: true }).click();
    await smm.waitForURL(/\/crisi$/);
    await expect.poll(() => smm.locator('h1').innerText()).toBe('Modalità crisi');
    const form = smm.getByRole('form', { name: 'Dichiara una crisi' });
    await expect.poll(() => form.count()).toBe(1);
    expect(await banner(smm).count()).toBe(0);
    await expectAccessible(smm, 'crisis page, no crisis');

    // Nothing filled in: the server's field errors appear next to the fields.
    await form.getByRole('button', { name: 'Dichiara la crisi' }).click();
    await expect.poll(() => smm.locator('#declare-expectedEndAt-error').innerText()).toBe('Campo obbligatorio.');
    expect(await smm.locator('#declare-reason-error').count()).toBe(1);
    expect(await smm.locator('#declare-expectedEndAt').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(smm, 'declare form with field errors');

    await form.getByLabel('Motivo').fill(REASON);
    await form.getByLabel('Fine prevista').fill(await localInput(smm, 24 * HOUR));
    await form.getByRole('button', { name: 'Dichiara la crisi' }).click();
    // The demo's "Open day della biblioteca" was scheduled on Telegram and Facebook.
    await expect.poll(() => smm.getByRole('status').filter({ hasText: 'Crisi dichiarata' }).innerText()).toContain('Crisi dichiarata: 2 pubblicazioni programmate sono sospese.');
    await expect.poll(() => banner(smm).count()).toBe(1);
    expect(await banner(smm).innerText()).toContain('Modalità crisi attiva');
    expect(await banner(smm).innerText()).toContain(REASON);
    const active = smm.getByRole('region', { name: 'Crisi in corso' });
    await expect.poll(() => active.innerText()).toContain('Tutti i canali');
    expect(await active.innerText()).toContain('Marco Bianchi');
    await expectAccessible(smm, 'crisis declared');

    // Another page of the Ente: the banner is there, with the link to the crisis page.
    await smm.getByRole('link', { name: 'Calendario', exact: true }).click();
    await smm.waitForURL(/\/calendario$/);
    await expect.poll(() => banner(smm).count()).toBe(1);
    expect(await banner(smm).getByRole('link', { name: 'Vai alla pagina della crisi' }).count()).toBe(1);
    await expectAccessible(smm, 'calendar with the crisis banner');

    // Another person, on a page loaded afresh, sees it too.
    red = await loggedIn('redattore@comune.esempio.it');
    await red.goto(`${web.url}${ENTE}/post`);
    await expect.poll(() => banner(red).innerText()).toContain(REASON);
    await expectAccessible(red, 'posts page with the crisis banner');

    // The paused posts wait for a decision; rescheduling waits for the end of the crisis.
    await smm.goto(`${web.url}${ENTE}/crisi/sospesi`);
    const waiting = smm.getByRole('table', { name: /Post sospesi in attesa di decisione/ });
    await expect.poll(() => waiting.getByRole('link', { name: 'Open day della biblioteca' }).count()).toBe(2);
    expect(await waiting.getByRole('button', { name: 'Riprogramma' }).first().isDisabled()).toBe(true);
    await expectAccessible(smm, 'paused posts during the crisis');
  });

  test('a redattore composes an alert: no validity window is refused next to the fields, then the valid alert shows its per-channel preview', async () => {
    await red.goto(`${web.url}${ENTE}/crisi/allerte`);
    await red.getByRole('link', { name: 'Nuova allerta' }).click();
    await red.waitForURL(/\/crisi\/allerte\/nuova$/);
    await expect.poll(() => red.locator('h1').innerText()).toBe('Nuova allerta');
    await expectAccessible(red, 'alert composer');

    // Colour shown with words; code and risk prefill the behaviour rules from the template.
    const orange = red.getByLabel(/Codice Arancione/);
    expect(await red.locator('label[for="alert-code-arancione"]').innerText()).toContain('criticità moderata');
    await orange.check();
    await red.getByLabel('Idrogeologico').check();
    const behaviour = red.getByLabel('Norme di comportamento');
    await expect.poll(() => behaviour.inputValue()).toContain('Evita sottopassi e scantinati');
    expect(await behaviour.inputValue()).toContain('Evita gli spostamenti non necessari');
    await red.getByLabel('Zona 1: nome').fill('Zona B – Bacino del Reno');
    await red.getByLabel('Zona 1: codice (facoltativo)').fill('EMR-B');
    await red.getByLabel('Fonte dell’allerta').fill('Centro Funzionale della Regione Emilia-Romagna');
    await red.getByLabel('Misure locali').fill('Attivato il COC\nScuole chiuse nella frazione di Borgo Panigale');
    await red.getByLabel('Link all’ordinanza').fill('https://www.comune.esempio.it/ordinanze/2026/123');
    await red.getByLabel('Canale Telegram · Allerte Comune di Esempio').check();
    await red.getByLabel('Invia anche agli iscritti (WhatsApp, Telegram)').check();

    await red.getByRole('button', { name: 'Componi l’allerta' }).click();
    await expect.poll(() => red.locator('#alert-validFrom-error').innerText()).toBe('Campo obbligatorio.');
    expect(await red.locator('#alert-validTo-error').innerText()).toBe('Campo obbligatorio.');
    expect(await red.getByLabel('Valida dalle').getAttribute('aria-invalid')).toBe('true');
    expect(await red.getByRole('alert').filter({ hasText: 'L’allerta non è stata composta' }).count()).toBe(1);
    await expectAccessible(red, 'alert composer with field errors');

    await red.getByLabel('Valida dalle').fill(await localInput(red, HOUR));
    await red.getByLabel('Valida fino alle').fill(await localInput(red, 13 * HOUR));
    await red.getByRole('button', { name: 'Componi l’allerta' }).click();
    await red.waitForURL(/\/crisi\/allerte\/[0-9a-f-]{36}$/);
    alertPath = new URL(red.url()).pathname;
    await expect.poll(() => red.locator('h1').innerText()).toMatch(/^ALLERTA METEO – .*: Codice Arancione per rischio idrogeologico dalle ore/);
    expect(await red.getByRole('status').filter({ hasText: 'Allerta composta' }).count()).toBe(1);
    const preview = red.getByRole('region', { name: 'Testo per canale' });
    const variant = preview.getByRole('article', { name: /Canale Telegram · Allerte Comune di Esempio/ });
    await expect.poll(() => variant.innerText()).toContain('Codice Arancione');
    expect(await variant.innerText()).toContain('Emergenze: 112');
    expect(await red.getByRole('region', { name: 'Contenuto dell’allerta' }).innerText()).toContain('Da approvare');
    // A redattore composes, an approvatore approves.
    expect(await red.getByRole('button', { name: 'Approva e pubblica' }).count()).toBe(0);
    await expectAccessible(red, 'alert draft with the per-channel preview');
    await red.context().close(); // less load on a shared machine: the redattore is done
  });

  test('the approvatore approves; the alert page shows the publication and the broadcast live until every subscriber got it once', async () => {
    appr = await loggedIn('approvatore@comune.esempio.it');
    await appr.goto(`${web.url}${alertPath}`);
    const approval = appr.getByRole('region', { name: 'Approvazione' });
    await expect.poll(() => approval.innerText()).toContain('Crisi in corso: basta una sola approvazione');
    await expect.poll(() => banner(appr).count()).toBe(1);
    await expectAccessible(appr, 'alert to approve');

    await approval.getByRole('button', { name: 'Approva e pubblica' }).click();
    await expect.poll(() => approval.getByText('Confermi l’approvazione?').count()).toBe(1);
    await expectAccessible(appr, 'approval confirmation');
    await approval.getByRole('button', { name: 'Sì, approva e pubblica' }).click();
    await expect.poll(() => appr.getByRole('status').filter({ hasText: 'Allerta approvata' }).count()).toBe(1);
    await expect.poll(() => approval.innerText()).toContain('Approvata da Paola Greco');
    // The approval is recorded as the server decided it: fast path or ordinary.
    const id = alertPath.split('/').at(-1)!;
    const stored = (await smmApi.get(`${API}/alerts/${id}`)).json<{ fastPath: boolean; status: string }>();
    expect(stored.status).toBe('pubblicata');
    expect(await approval.innerText()).toContain(stored.fastPath ? 'Procedura rapida' : 'Approvazione ordinaria (quattro occhi).');

    // Publication on the Telegram channel, through the queue, to the emulator.
    const pubs = appr.getByRole('table', { name: 'Stato della pubblicazione su ogni canale' });
    await expect.poll(() => pubs.innerText(), { timeout: 20_000 }).toContain('Pubblicato');
    // The broadcast: live counts until completed.
    const broadcast = appr.getByRole('region', { name: 'Invio agli iscritti' });
    await expect.poll(() => broadcast.innerText(), { timeout: 20_000 }).toContain('Completato');
    expect(await broadcast.locator('[data-count="sent"]').innerText()).toBe('5');
    expect(await broadcast.locator('[data-count="failed"]').innerText()).toBe('0');
    expect(await broadcast.locator('[data-count="remaining"]').innerText()).toBe('0');
    expect(await broadcast.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await expectAccessible(appr, 'alert published, broadcast completed');

    const sent = tg.storage.botMessages.map((m) => m.message as { chat_id?: string | number; text?: string }).filter((m) => m.text?.includes('Codice Arancione'));
    expect(sent.filter((m) => String(m.chat_id) === '@comunediesempio_allerte')).toHaveLength(1);
    expect(sent.map((m) => String(m.chat_id)).filter((c) => SUBSCRIBERS.includes(c)).sort()).toEqual(SUBSCRIBERS);

    // The list of alerts shows it published, with colour code in words.
    await appr.getByRole('link', { name: 'Torna alle allerte' }).click();
    const table = appr.getByRole('table', { name: /Allerte, con codice colore/ });
    await expect.poll(() => table.innerText()).toContain('Pubblicata');
    expect(await table.innerText()).toContain('Codice Arancione');
    await expectAccessible(appr, 'alerts list');
  });

  test('the crisis is ended by hand: the banner goes away; paused posts are rescheduled or dropped one by one', async () => {
    await smm.goto(`${web.url}${ENTE}/crisi`);
    const active = smm.getByRole('region', { name: 'Crisi in corso' });
    await active.getByRole('button', { name: 'Chiudi la crisi' }).click();
    await expect.poll(() => active.getByText('Confermi la chiusura della crisi?').count()).toBe(1);
    await expectAccessible(smm, 'end confirmation');
    await active.getByRole('button', { name: 'Sì, chiudi la crisi' }).click();
    await expect.poll(() => smm.getByRole('status').filter({ hasText: 'Crisi chiusa' }).count()).toBe(1);
    await expect.poll(() => banner(smm).count()).toBe(0);
    await expect.poll(() => smm.getByRole('region', { name: 'Nessuna crisi in corso' }).innerText()).toContain(`Ultima crisi: «${REASON}»`);
    await expectAccessible(smm, 'crisis ended');

    // Other pages and people: no banner any more.
    await appr.goto(`${web.url}${ENTE}`);
    await appr.waitForLoadState('networkidle');
    expect(await banner(appr).count()).toBe(0);

    // Nothing came back by itself: the two variants wait; one rescheduled, one dropped.
    await smm.getByRole('link', { name: 'Post sospesi', exact: true }).click();
    const waiting = smm.getByRole('table', { name: /Post sospesi in attesa di decisione/ });
    await expect.poll(() => waiting.getByRole('link', { name: 'Open day della biblioteca' }).count()).toBe(2);
    const telegramRow = smm.getByRole('form', { name: /Open day della biblioteca.*Canale Telegram/ });
    await telegramRow.getByLabel('Nuova data').fill(await localInput(smm, 72 * HOUR));
    await telegramRow.getByRole('button', { name: 'Riprogramma' }).click();
    await expect.poll(() => smm.getByRole('status').filter({ hasText: 'riprogrammato per il' }).count()).toBe(1);
    const facebookRow = smm.getByRole('form', { name: /Open day della biblioteca.*Pagina Facebook/ });
    await facebookRow.getByRole('button', { name: 'Scarta' }).click();
    await expect.poll(() => smm.getByRole('status').filter({ hasText: 'scartato' }).count()).toBe(1);
    const decided = smm.getByRole('table', { name: /già riprogrammati o scartati/ });
    await expect.poll(() => decided.innerText()).toContain('Riprogrammato');
    expect(await decided.innerText()).toContain('Scartato');
    expect(await smm.getByText('Nessun post sospeso in attesa.').count()).toBe(1);
    await expectAccessible(smm, 'paused posts decided');

    const paused = (await smmApi.get(`${API}/crisis/paused`)).json<{ paused: { channelId: string; state: string }[] }>().paused;
    expect(paused.map((p) => [p.channelId === telegramId ? 'telegram' : 'facebook', p.state]).sort()).toEqual([
      ['facebook', 'scartato'],
      ['telegram', 'riprogrammato'],
    ]);
  });

  test('subscribers, listening and false claims pages', async () => {
    await smm.goto(`${web.url}${ENTE}/crisi/iscritti`);
    const counts = smm.getByRole('table', { name: 'Iscritti attivi e disiscritti per piattaforma' });
    await expect.poll(() => counts.getByRole('row', { name: /Canale Telegram/ }).innerText()).toMatch(/5\s+0/);
    await expectAccessible(smm, 'subscribers');

    // A WhatsApp number in the wrong format: the refused line is named next to the field.
    const add = smm.getByRole('form', { name: 'Registra iscrizioni' });
    await add.getByLabel('Piattaforma').selectOption('whatsapp');
    await add.getByLabel('Numeri o chat id').fill('+393331234567\n3331234568');
    await add.getByLabel('Fonte del consenso').fill('modulo web');
    await add.getByRole('button', { name: 'Registra' }).click();
    await expect.poll(() => smm.locator('#subs-addresses-error').innerText()).toContain('Riga 2:');
    await expectAccessible(smm, 'subscribers with a refused line');
    await add.getByLabel('Numeri o chat id').fill('+393331234567\n+393331234568');
    await add.getByRole('button', { name: 'Registra' }).click();
    await expect.poll(() => counts.getByRole('row', { name: /WhatsApp/ }).innerText()).toMatch(/2\s+0/);
    const out = smm.getByRole('form', { name: 'Registra una disiscrizione' });
    await out.getByLabel('Numero o chat id').fill('100005');
    await out.getByRole('button', { name: 'Disiscrivi' }).click();
    await expect.poll(() => counts.getByRole('row', { name: /Canale Telegram/ }).innerText()).toMatch(/4\s+1/);

    await smm.getByRole('link', { name: 'Ascolto' }).click();
    await expect.poll(() => smm.locator('h1').innerText()).toBe('Ascolto');
    await expect.poll(() => smm.getByText('Nessun picco anomalo.').count()).toBe(1);
    await expectAccessible(smm, 'listening');

    await smm.getByRole('link', { name: 'Notizie false' }).click();
    const claimForm = smm.getByRole('form', { name: 'Registra una notizia falsa' });
    await claimForm.getByRole('button', { name: 'Registra' }).click();
    await expect.poll(() => smm.locator('#claim-sourceUrl-error').count()).toBe(1);
    await expectAccessible(smm, 'false claim form with field errors');
    await claimForm.getByLabel('La notizia falsa').fill('La diga di Suviana sta per crollare, evacuate Bologna');
    await claimForm.getByLabel('Link alla fonte ufficiale').fill('https://www.protezionecivile.gov.it/it/comunicato-stampa/diga-suviana');
    await claimForm.getByLabel('Titolo della fonte').fill('Dipartimento della Protezione Civile');
    await claimForm.getByRole('button', { name: 'Registra' }).click();
    const claim = smm.getByRole('article', { name: 'La diga di Suviana sta per crollare, evacuate Bologna' });
    await expect.poll(() => claim.innerText()).toContain('protezionecivile.gov.it');
    expect(await claim.getByRole('link', { name: 'Apri la proposta di post' }).count()).toBe(1);
    await expectAccessible(smm, 'false claim recorded');
  });

  test('a broadcast stopped by an expired bot token shows why; "Riprendi l’invio" finishes it, everyone once', async () => {
    proxy.state.expired = true;
    const redApi = await login(web.app, 'redattore@comune.esempio.it', DEMO_PASSWORD);
    const apprApi = await login(web.app, 'approvatore@comune.esempio.it', DEMO_PASSWORD);
    const a = await redApi.post(`${API}/alerts`, {
      code: 'gialla',
      risks: ['vento'],
      validFrom: new Date(Date.now() + HOUR).toISOString(),
      validTo: new Date(Date.now() + 6 * HOUR).toISOString(),
      source: 'Centro Funzionale della Regione Emilia-Romagna',
      channelIds: [telegramId],
      broadcast: true,
    });
    expect(a.statusCode, a.body).toBe(201);
    const id = a.json<{ id: string }>().id;
    const ok = await apprApi.post(`${API}/alerts/${id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);

    await smm.goto(`${web.url}${ENTE}/crisi/allerte/${id}`);
    const broadcast = smm.getByRole('region', { name: 'Invio agli iscritti' });
    await expect.poll(() => broadcast.innerText(), { timeout: 20_000 }).toContain('Interrotto');
    expect(await broadcast.innerText()).toContain('Invio interrotto: Il token del bot non è più valido');
    expect(await broadcast.locator('[data-count="remaining"]').innerText()).toBe('4'); // 100005 opted out
    await expectAccessible(smm, 'broadcast stopped with its reason');

    proxy.state.expired = false;
    await broadcast.getByRole('button', { name: 'Riprendi l’invio' }).click();
    await expect.poll(() => broadcast.innerText(), { timeout: 20_000 }).toContain('Completato');
    expect(await broadcast.locator('[data-count="sent"]').innerText()).toBe('4');
    expect(await broadcast.locator('[data-count="remaining"]').innerText()).toBe('0');
    // The live region said so.
    expect(await broadcast.getByRole('status').innerText()).toContain('Completato');
    const got = tg.storage.botMessages.map((m) => m.message as { chat_id?: string | number; text?: string }).filter((m) => m.text?.includes('Codice Giallo per rischio vento'));
    expect(got.map((m) => String(m.chat_id)).filter((c) => SUBSCRIBERS.includes(c)).sort()).toEqual(SUBSCRIBERS.slice(0, 4));
    await expectAccessible(smm, 'broadcast resumed and completed');
  });

  test('the public alert page (no login) shows the alert and passes axe-core', async () => {
    const context = await browser.newContext({ locale: 'it-IT', bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    const res = await page.goto(`${web.url}${ENTE}/allerte`);
    expect(res?.status()).toBe(200);
    const body = await page.locator('main').innerText();
    expect(body).toContain('Codice Arancione');
    expect(body).toContain('idrogeologico');
    expect(body).toContain('Zona B – Bacino del Reno');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
