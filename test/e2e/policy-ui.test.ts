/**
 * The social media policy in the browser: a social media manager edits a section of the external
 * draft and saves it; an approvatore adopts it with a determina; version 2 appears in the versions
 * list and the comparison of 1 and 2 shows the edited words. Every state passes axe-core
 * (WCAG 2.1 AA) with zero violations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { startWebApp } from '../support/web-server.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const POLICY = '/enti/comune-di-esempio/policy';

describe.skipIf(!chromiumPath() && !process.env.CI)('social media policy in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;

  beforeAll(async () => {
    web = await startWebApp();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  async function expectAccessible(page: Page, what: string) {
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
  }

  /** A fresh page (own cookies) logged in as the given demo user. */
  async function logIn(email: string): Promise<Page> {
    const page = await browser.newPage({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);
    return page;
  }

  test('edit a section, adopt with a determina, compare version 1 and 2', async () => {
    // The social media manager finds the policy from the navigation: version 1 in force.
    const smm = await logIn('smm@comune.esempio.it');
    await smm.getByRole('link', { name: 'Policy', exact: true }).first().click();
    await smm.waitForURL(/\/policy$/);
    await expect.poll(() => smm.locator('h1').innerText()).toBe('Social media policy');
    await expect.poll(() => smm.locator('main').innerText()).toContain('Versione 1, adottata con delibera n. 123');
    await expectAccessible(smm, 'policy (social media manager)');

    // Edit the first section of the external draft and save it.
    await smm.locator('main details summary').first().click();
    const body = smm.getByLabel('Testo della sezione').first();
    await expect.poll(() => body.inputValue()).toContain('informare e per ascoltare');
    await body.fill((await body.inputValue()).replace('informare e per ascoltare', 'informare, ascoltare e rispondere con cortesia'));
    await expectAccessible(smm, 'policy section editor');
    await smm.getByRole('button', { name: 'Salva la sezione' }).first().click();
    await expect.poll(() => smm.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('salvata nella bozza'));
    await expect.poll(() => smm.locator('main').innerText()).toContain('La bozza contiene modifiche non ancora adottate.');
    await expectAccessible(smm, 'policy section saved');
    await smm.close();

    // The approvatore adopts the draft: first without a number (field errors), then with a determina.
    const approver = await logIn('approvatore@comune.esempio.it');
    await approver.goto(`${web.url}${POLICY}`);
    await approver.getByRole('heading', { name: 'Adotta la bozza' }).waitFor();
    await approver.getByRole('button', { name: 'Adotta', exact: true }).click();
    await expect.poll(() => approver.getByLabel('Numero dell’atto').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => approver.getByLabel('Data dell’atto').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(approver, 'adoption form with field errors');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await approver.getByLabel('Tipo di atto').selectOption('determina');
    await approver.getByLabel('Numero dell’atto').fill('45/2026');
    await approver.getByLabel('Data dell’atto').fill(yesterday);
    await approver.getByRole('button', { name: 'Adotta', exact: true }).click();
    await expect.poll(() => approver.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Versione 2 in vigore, adottata con determina n. 45/2026'));

    // The versions list shows version 2 in force and version 1 superseded.
    const versions = approver.getByRole('table', { name: 'Versioni adottate, dalla più recente' });
    await expect.poll(() => versions.locator('tbody tr').first().innerText()).toMatch(/Versione 2\s+In vigore\s+determina n\. 45\/2026/);
    await expect.poll(() => versions.innerText()).toMatch(/Versione 1\s+Sostituita/);
    await expectAccessible(approver, 'policy after adoption');

    // Compare 1 with 2: the first section changed, with the edited words inserted and deleted.
    await approver.getByLabel('Versione di partenza').selectOption('1');
    await approver.getByLabel('Versione di arrivo').selectOption('2');
    await approver.getByRole('button', { name: 'Confronta', exact: true }).click();
    const result = approver.locator('.rdz-diff-result');
    await expect.poll(() => result.locator('h5').innerText()).toBe('Differenze da Versione 1 a Versione 2');
    await expect.poll(() => result.innerText()).toContain('Perché siamo sui social');
    const inserted = (await result.locator('ins').allInnerTexts()).join(' ');
    const deleted = (await result.locator('del').allInnerTexts()).join(' ');
    expect(inserted).toContain('rispondere con cortesia');
    expect(inserted).toContain('aggiunto');
    expect(deleted).toContain('tolto');
    await expectAccessible(approver, 'diff 1 → 2');
    await approver.close();
  });
});
