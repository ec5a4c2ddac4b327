/**
 * Moderation in the browser: a redattore tries an insult (hidden, clause 5.1, the word
 * highlighted) and a polite question (allowed), records a decision and overrides it with a reason.
 * Every state passes axe-core (WCAG 2.1 AA) with zero violations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { startWebApp } from '../support/web-server.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

describe.skipIf(!chromiumPath() && !process.env.CI)('moderation in the browser', () => {
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

  const result = () => page.locator('.rdz-result');

  async function tryComment(text: string) {
    await page.getByLabel('Testo del commento').fill(text);
    await page.getByRole('button', { name: 'Valuta', exact: true }).click();
  }

  test('try an insult and a polite question, record a decision and override it', async () => {
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill('redattore@comune.esempio.it');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);
    await page.getByRole('link', { name: 'Moderazione', exact: true }).first().click();
    await page.waitForURL(/\/moderazione$/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Moderazione');
    // The rulebook in force lists clause 5.1.
    await expect.poll(() => page.getByRole('table', { name: /Clausole di moderazione/ }).innerText()).toContain('Insulti e offese');
    await expectAccessible('moderation');

    // An insult is hidden under clause 5.1, the offending word highlighted.
    await tryComment('Sei un idiota');
    await expect.poll(() => result().innerText()).toContain('Nascosto');
    const clause = result().getByRole('link', { name: 'Clausola 5.1 – Insulti e offese' });
    expect(await clause.getAttribute('href')).toBe('#clausola-5-1');
    await expect.poll(() => result().locator('mark').allInnerTexts()).toEqual(['idiota']);
    await expect.poll(() => result().innerText()).toContain('90%');
    await expectAccessible('insult hidden');

    // A polite question is allowed, with no highlighted text.
    await tryComment('Buongiorno, a che ora apre l’ufficio anagrafe il sabato?');
    await expect.poll(() => result().innerText()).toContain('Consentito');
    expect(await result().locator('mark').count()).toBe(0);
    await expectAccessible('question allowed');

    // Record a decision: it appears at the top of the recorded decisions.
    await page.getByLabel('Registra la decisione').check();
    await tryComment('Siete dei buffoni, vergogna');
    await expect.poll(() => result().innerText()).toContain('(registrata)');
    const decisions = page.getByRole('table', { name: /Decisioni di moderazione registrate/ });
    await expect.poll(() => decisions.locator('tbody tr').first().innerText()).toContain('Siete dei buffoni, vergogna');
    await expectAccessible('decision recorded');

    // Override it: the reason is required, then the effective decision changes and the engine's stays.
    await decisions.locator('tbody tr').first().getByRole('button', { name: /^Correggi/ }).click();
    await page.getByLabel('Nuova decisione').selectOption('allow');
    await page.getByRole('button', { name: 'Salva la correzione' }).click();
    await expect.poll(() => page.getByLabel('Motivo della correzione').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('override without a reason');
    await page.getByLabel('Motivo della correzione').fill('Critica politica aspra ma non un insulto personale');
    await page.getByRole('button', { name: 'Salva la correzione' }).click();
    await expect.poll(() => page.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Decisione corretta: ora è «Consentito»'));
    const row = decisions.locator('tbody tr').first();
    const cells = row.locator('td');
    await expect.poll(() => cells.nth(1).innerText()).toBe('Consentito'); // effective decision
    expect(await cells.nth(2).innerText()).not.toBe('Consentito'); // the engine's decision is kept
    await expect.poll(() => row.innerText()).toContain('Motivo: Critica politica aspra ma non un insulto personale');
    await expectAccessible('decision overridden');
  });
});
