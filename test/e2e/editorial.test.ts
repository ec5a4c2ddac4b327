/**
 * The newsroom's daily work, in Chromium: a Responsabile di Servizio proposes a post with an image
 * and its alt text for two channels; a redattore writes the X variant, runs the checks, fixes what
 * they find and submits; the redattore cannot approve their own post (four eyes); an approvatore
 * approves; the redattore schedules it next week and finds it in the calendar. Every page and
 * state passes axe-core (WCAG 2.1 AA) with zero violations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { startWebApp } from '../support/web-server.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

// A 1×1 PNG: the server checks the format on the file's first bytes.
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const TITLE = 'Ritiro degli ingombranti su prenotazione';
// Longer than X's 280 characters: the X variant starts from it and has to be cut.
const BODY =
  'Da lunedì il servizio di raccolta dei rifiuti ingombranti passa su prenotazione: si prenota online o al numero verde, e il ritiro avviene davanti a casa entro dieci giorni lavorativi. Il servizio è gratuito per i primi tre pezzi. Per sapere quali oggetti si possono consegnare, consulta la pagina del servizio sul sito del Comune.';
const X_TEXT = 'Ingombranti: da lunedì il ritiro gratuito a domicilio è su prenotazione, online o al numero verde. Dettagli: https://www.comune.esempio.it/ingombranti';
const ENTE = '/enti/comune-di-esempio';

describe.skipIf(!chromiumPath() && !process.env.CI)('editorial workflow in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let postUrl = '';

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function expectAccessible(what: string) {
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').count(), `${what}: one h1`).toBe(1);
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  /** A fresh browser context per person, logged in through the login page. */
  async function logInAs(who: string) {
    await page?.context().close();
    const context = await browser.newContext({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
    page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(`${who}@comune.esempio.it`);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);
  }

  test('the proponente proposes a post with an image and its alt text for two channels', async () => {
    await logInAs('proponente');
    await page.getByRole('link', { name: 'Proposte', exact: true }).click();
    await page.waitForURL(/\/proposte$/);
    await expectAccessible('proposals');

    await page.getByLabel('Titolo', { exact: true }).fill(TITLE);
    await page.getByLabel('Testo', { exact: true }).fill(BODY);
    await page.getByLabel(/Servizio proponente/).fill('Servizio Ambiente');
    await page.getByLabel('X (Twitter) · Comune di Esempio').check();
    await page.getByLabel('Pagina Facebook · Comune di Esempio').check();

    // The alt text is required before the upload.
    await page.getByLabel('File da caricare').setInputFiles({ name: 'divano.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await page.getByRole('button', { name: 'Carica il file' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Scrivi il testo alternativo.');
    await expectAccessible('proposal form with an error');
    await page.getByLabel(/Testo alternativo/).fill('Un divano abbandonato accanto a un cassonetto');
    await page.getByRole('button', { name: 'Carica il file' }).click();
    await expect.poll(() => page.getByText('File «divano.png» caricato.').count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: 'Un divano abbandonato accanto a un cassonetto' }).count()).toBe(1);
    await expectAccessible('proposal form filled in');

    await page.getByRole('button', { name: 'Invia la proposta' }).click();
    await expect.poll(() => page.getByText(`Proposta «${TITLE}» inviata alla redazione.`).count()).toBe(1);
    // The proposer follows it in "Le mie proposte", with its status in words.
    const mine = page.getByRole('table', { name: /Le proposte e i post che hai scritto/ });
    await expect.poll(() => mine.innerText()).toContain(TITLE);
    await expect.poll(() => mine.innerText()).toContain('Proposta');
    await expectAccessible('proposal sent');
  });

  test('the redattore writes the X variant, runs the checks, fixes the finding and submits', async () => {
    await logInAs('redattore');
    await page.getByRole('link', { name: 'Post', exact: true }).click();
    await page.waitForURL(/\/post$/);
    await expectAccessible('posts list');
    await page.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(/\/post\/[0-9a-f-]+$/);
    postUrl = page.url();

    // One variant per requested channel, starting from the proposal's text, with a live counter.
    const xText = page.getByLabel('Testo per X (Twitter)');
    await expect.poll(() => xText.inputValue()).toBe(BODY);
    const counter = page.locator(`#variant-${await channelId('x')}-counter`);
    await expect.poll(() => counter.innerText()).toMatch(/^\d+ \/ 280/);
    await expect.poll(() => counter.innerText()).toContain('supera il limite');
    await expect.poll(() => page.getByRole('figure', { name: 'Anteprima su X (Twitter)' }).count()).toBe(1);
    await expectAccessible('editor');

    await page.getByRole('button', { name: 'Verifica', exact: true }).click();
    const findings = page.getByRole('region', { name: /^X \(Twitter\) · Comune di Esempio —/ });
    await expect.poll(() => findings.innerText()).toContain('Bloccante');
    await expect.poll(() => findings.innerText()).toContain('il limite di 280');
    await expect.poll(() => findings.locator('mark').count()).toBeGreaterThan(0);
    await expectAccessible('check with a blocking finding');

    // Submitting with the blocking finding is refused (422), and the reason is listed.
    await page.getByRole('button', { name: 'Invia in approvazione' }).click();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('Invio in approvazione non riuscito');
    await expectAccessible('submit refused');

    await xText.fill(X_TEXT);
    await expect.poll(() => counter.innerText()).not.toContain('supera il limite');
    await page.getByRole('button', { name: 'Verifica', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Nessun problema bloccante');
    await expectAccessible('check passed');

    await page.getByRole('button', { name: 'Invia in approvazione' }).click();
    await expect.poll(() => page.getByText('Post inviato in approvazione.').count()).toBe(1);
    await expect.poll(() => page.locator('main .rdz-pill').first().innerText()).toContain('In approvazione');
    await expectAccessible('submitted');
  });

  test('four eyes: the redattore cannot approve their own post', async () => {
    // Make the redattore an approvatore too, so that only the four-eyes rule stands in the way.
    const ente = (await web.app.services.organisation.findEnteBySlug('comune-di-esempio'))!;
    const post = await apiGet<{ lastEditor: { id: string } }>(`/api/v1${ENTE}/posts/${postId()}`);
    await web.app.services.organisation.updatePerson({ id: null, label: 'e2e' }, ente.id, post.lastEditor.id, { roles: ['redattore', 'approvatore'] });

    await logInAs('redattore');
    await page.goto(postUrl);
    await page.getByRole('button', { name: 'Approva', exact: true }).click();
    const alert = page.getByRole('alert').first();
    await expect.poll(() => alert.innerText()).toContain('principio dei quattro occhi');
    await expect.poll(() => alert.innerText()).toContain('Non puoi approvare un post che hai scritto o modificato tu');
    await expectAccessible('four-eyes refusal');
    // And through the API as well.
    const status = await page.evaluate(async (url) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const res = await fetch(`${url}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }, body: '{}' });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    }, `/api/v1${ENTE}/posts/${postId()}`);
    expect(status).toEqual({ status: 403, code: 'self_approval' });
  });

  test('the approvatore approves; rejecting needs a comment', async () => {
    await logInAs('approvatore');
    await page.goto(postUrl);
    await page.getByRole('button', { name: 'Rifiuta', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Scrivi il motivo del rifiuto');
    await expectAccessible('reject without a comment');
    await page.getByRole('button', { name: 'Approva', exact: true }).click();
    await expect.poll(() => page.getByText('Post approvato: ora può essere programmato.').count()).toBe(1);
    await expect.poll(() => page.locator('main .rdz-pill').first().innerText()).toContain('Approvato');
    await expectAccessible('approved');
  });

  test('the redattore schedules it next week and the calendar shows it on that day', async () => {
    await logInAs('redattore');
    await page.goto(postUrl);
    const day = nextWeek();
    await page.getByLabel(/Data e ora per X \(Twitter\)/).fill(`${day}T10:30`);
    await page.getByLabel(/Data e ora per Pagina Facebook/).fill(`${day}T11:00`);
    await page.getByRole('button', { name: 'Programma', exact: true }).click();
    await expect.poll(() => page.getByText('Post programmato su tutti i canali.').count()).toBe(1);
    await expect.poll(() => page.locator('main .rdz-pill').first().innerText()).toContain('Programmato');
    await expectAccessible('scheduled');

    await page.getByRole('link', { name: 'Calendario', exact: true }).click();
    await page.waitForURL(/\/calendario$/);
    await page.locator('table').first().waitFor();
    await expectAccessible('calendar month');

    await page.goto(`${web.url}${ENTE}/calendario?vista=settimana&data=${day}`);
    const row = page.getByRole('row').filter({ has: page.locator(`th time[datetime="${day}"]`) });
    await expect.poll(() => row.innerText()).toContain(TITLE);
    await expect.poll(() => row.innerText()).toContain('X (Twitter) · Comune di Esempio — Programmato');
    await expectAccessible('calendar week');

    await page.goto(`${web.url}${ENTE}/calendario?vista=mese&data=${day}`);
    const cell = page.locator('td').filter({ has: page.locator(`time[datetime="${day}"]`) });
    await expect.poll(() => cell.getByRole('link', { name: TITLE }).count()).toBe(2);
    await expectAccessible('calendar month with the post');

    await page.goto(`${web.url}${ENTE}/calendario?vista=elenco&data=${day}`);
    await expect.poll(() => page.getByRole('table').first().innerText()).toContain(TITLE);
    await expect.poll(() => page.getByRole('link', { name: 'iCalendar (.ics)' }).getAttribute('href')).toContain('/calendar.ics?');
    await expectAccessible('calendar list');

    await page.goto(`${web.url}${ENTE}/par-condicio`);
    await page.locator('h1').first().waitFor();
    await expectAccessible('electoral periods');
  });

  function postId(): string {
    return postUrl.split('/').pop()!;
  }

  async function apiGet<T>(path: string): Promise<T> {
    return page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;
  }

  async function channelId(platform: string): Promise<string> {
    const channels = await apiGet<{ channels: { id: string; platform: string }[] }>(`/api/v1${ENTE}/channels`);
    return channels.channels.find((c) => c.platform === platform)!.id;
  }

  /** The same weekday next week, as YYYY-MM-DD in the machine's time zone (the browser's too). */
  function nextWeek(): string {
    const d = new Date(Date.now() + 7 * 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
});
