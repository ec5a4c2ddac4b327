/**
 * A communication officer's first session, in Chromium: log in, find the newsroom, register a
 * channel, see it listed, and find the change in the audit trail; every page passes axe-core
 * (WCAG 2.1 AA) with zero violations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { startWebApp } from '../support/web-server.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

describe.skipIf(!chromiumPath() && !process.env.CI)('foundation in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launch();
    page = await browser.newPage({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function expectAccessible(what: string) {
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  async function logIn(email: string) {
    await page.goto(`${web.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);
  }

  test('the login page is Italian, accessible, and says when the password is wrong', async () => {
    await page.goto(`${web.url}/`);
    await page.waitForURL(/\/login/);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    await expectAccessible('login');
    await page.getByLabel('Email').fill('amministratore@comune.esempio.it');
    await page.getByLabel('Password', { exact: true }).fill('sbagliata');
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Email o password errate');
  });

  test('log in, create a channel, see it listed, find the change in the audit trail', async () => {
    await logIn('amministratore@comune.esempio.it');
    await expect.poll(() => page.locator('h1').innerText()).toContain('Comune di Esempio');
    await expectAccessible('home');

    await page.getByRole('link', { name: 'Canali', exact: true }).first().click();
    await page.waitForURL(/\/canali$/);
    await expectAccessible('channels');
    const newChannel = page.getByRole('button', { name: 'Nuovo canale' }).or(page.getByRole('link', { name: 'Nuovo canale' }));
    if ((await newChannel.count()) > 0) await newChannel.first().click();
    await page.getByLabel('Piattaforma').selectOption('linkedin');
    await page.getByLabel('Handle').fill('comune-di-esempio-lavoro');
    await page.getByLabel('Nome', { exact: true }).fill('Comune di Esempio – Lavoro e impresa');
    await page.getByLabel('URL', { exact: true }).fill('https://www.linkedin.com/company/comune-di-esempio');
    await page.getByLabel('Finalità').fill('Sviluppo economico, bandi e opportunità di lavoro');
    await page.getByLabel('Pubblico').fill('Imprese, professionisti, persone in cerca di lavoro');
    await expectAccessible('channel form');
    await page.getByRole('button', { name: 'Crea canale' }).click();
    await expect.poll(() => page.getByText('comune-di-esempio-lavoro').count()).toBeGreaterThan(0);
    await page.goto(`${web.url}/enti/comune-di-esempio/canali`);
    await expect.poll(() => page.getByRole('table').first().innerText()).toContain('comune-di-esempio-lavoro');

    await page.getByRole('link', { name: 'Registro', exact: true }).first().click();
    await page.waitForURL(/\/registro$/);
    await expect.poll(() => page.locator('main').innerText()).toContain('channel.create');
    // The newest event is the channel just created: its details show the new values.
    await page.locator('main details summary').first().click();
    await expect.poll(() => page.locator('main details').first().innerText()).toContain('comune-di-esempio-lavoro');
    await expectAccessible('audit');
  });

  test('every other page of the foundation passes axe', async () => {
    for (const [name, path] of [
      ['people', 'persone'],
      ['desks', 'desk'],
      ['ente', 'impostazioni'],
    ] as const) {
      await page.goto(`${web.url}/enti/comune-di-esempio/${path}`);
      await page.locator('h1').first().waitFor();
      await expectAccessible(name);
    }
    const channels = await web.app.services.channels.list((await web.app.services.organisation.findEnteBySlug('comune-di-esempio'))!.id);
    await page.goto(`${web.url}/enti/comune-di-esempio/canali/${channels[0]!.id}`);
    await page.locator('h1').first().waitFor();
    await expectAccessible('channel detail');
  });

  test('the interface switches to English', async () => {
    await page.goto(`${web.url}/enti/comune-di-esempio`);
    await page.getByRole('button', { name: /English/ }).or(page.getByRole('link', { name: /English/ })).first().click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page.getByRole('link', { name: 'Channels', exact: true }).count()).toBeGreaterThan(0);
  });
});
