/**
 * The community inbox in the browser, with the Telegram Bot API emulator and the app's own inbox
 * worker. Citizens' comments reach Redazione through the real webhook path (HTTP POST to
 * /webhooks/telegram/:channelId with the channel's secret token header, queued, parsed, moderated
 * by the worker). Then, in Chromium, the social media manager opens "Posta", finds a comment with
 * the Italian search, opens its thread, inserts a saved reply, edits it, sends it and sees it in
 * the thread (and the emulator received it as a reply to the citizen's message); adds a note,
 * assigns a desk, closes and sends the satisfaction survey; hides another comment with a policy
 * clause (Telegram cannot hide: "da fare a mano"); accepts the warning the policy proposes for a
 * threat; and uses the late items, recurring questions (publishing an answer), saved replies,
 * privacy and settings pages. Every page and state passes axe-core (WCAG 2.1 AA) with one h1.
 */
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumPath, describeViolations, launch } from '../support/browser.ts';
import { login, type Client } from '../support/app.ts';
import { freePort } from '../support/processes.ts';
import { startWebAppWithWorker } from '../support/web-server-worker.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const ENTE = '/enti/comune-di-esempio';
const API = `/api/v1${ENTE}`;
const SECRET = 'segreto-webhook-telegram-e2e';
const GROUP = -1001500;
const POST_ID = 10; // the channel post the discussion group's comments answer

const QUESTION = 'Buongiorno, domani con l’allerta resta chiusa anche la mensa delle scuole di via Roma?';
const TO_HIDE = 'Domenica porto il cane al mare, qualcuno viene con me a fare una passeggiata';
const EDIT = ' La mensa resta chiusa con le scuole: il servizio riprende lunedì.';
const RECURRING = [
  'Come si rinnova la carta d’identità elettronica?',
  'Buonasera, come posso rinnovare la carta d’identità scaduta?',
  'Per rinnovare la carta d’identità serve prenotare?',
];
const OLD_QUESTION = 'Quando riapre lo sportello dell’anagrafe in via Garibaldi?';
const THREAT = 'Se domani non riaprite la scuola vengo in comune e vi spacco la faccia';


describe.skipIf(!chromiumPath() && !process.env.CI)('community inbox in the browser', () => {
  let web: Awaited<ReturnType<typeof startWebAppWithWorker>>;
  let tg: TelegramServer;
  let browser: Browser;
  let page: Page;
  let smm: Client;
  let channelId = '';
  let seq = 100;
  let giuliaMessageId = 0;

  /** One Telegram Update: a comment in the channel's discussion group, under the channel post. */
  function comment(from: { id: number; first: string; last: string }, text: string, date = Math.floor(Date.now() / 1000)) {
    seq += 1;
    return {
      update_id: 5000 + seq,
      message: {
        message_id: seq,
        date,
        chat: { id: GROUP, type: 'supergroup', title: 'Allerte Comune di Esempio – commenti' },
        from: { id: from.id, is_bot: false, first_name: from.first, last_name: from.last },
        reply_to_message: { message_id: POST_ID, date, chat: { id: GROUP, type: 'supergroup' } },
        text,
      },
    };
  }

  /** Delivers an update over HTTP as Telegram does, with (or without) the secret token header. */
  async function deliver(update: unknown, secret: string | null = SECRET) {
    const res = await fetch(`${web.url}/api/v1/webhooks/telegram/${channelId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    });
    return res.status;
  }

  interface ApiItem {
    id: string;
    text: string;
    status: string;
    lateness: string;
    moderation: { decision: string | null };
  }
  const inboxItems = async () => (await smm.get(`${API}/inbox/items?channelId=${channelId}&limit=200`)).json<{ items: ApiItem[] }>().items;

  beforeAll(async () => {
    const port = await freePort();
    tg = new TelegramServer({ port, host: '127.0.0.1' });
    await tg.start();
    web = await startWebAppWithWorker({ REDAZIONE_API_BASE_TELEGRAM: `http://127.0.0.1:${port}`, REDAZIONE_INBOX_POLL_MS: '200' });
    browser = await launch();
    smm = await login(web.app, 'smm@comune.esempio.it', DEMO_PASSWORD);
    const channels = (await smm.get(`${API}/channels`)).json<{ channels: { id: string; platform: string }[] }>().channels;
    channelId = channels.find((c) => c.platform === 'telegram')!.id;

    // The bot is connected with the secret token the Ente also gives to Telegram's setWebhook:
    // the server checks the bot with the emulator and stores the secret sealed with the token.
    const connected = await smm.post(`${API}/channels/${channelId}/connect`, { accessToken: '123:bot-token', account: { chatId: '@comunediesempio_allerte', webhookSecret: SECRET } });
    expect(connected.statusCode, connected.body).toBe(200);

    // A delivery without the secret is refused and stored nowhere.
    expect(await deliver(comment({ id: 1, first: 'Anonimo', last: 'Senza segreto' }, 'Non firmato'), null)).toBe(401);
    expect(await deliver(comment({ id: 1, first: 'Anonimo', last: 'Segreto sbagliato' }, 'Firmato male'), 'altro')).toBe(401);

    const updates = [
      comment({ id: 201, first: 'Giulia', last: 'Bianchi' }, QUESTION),
      comment({ id: 202, first: 'Marco', last: 'Neri' }, TO_HIDE),
      ...RECURRING.map((text, k) => comment({ id: 300 + k, first: ['Anna', 'Luca', 'Sara'][k]!, last: 'Esposito' }, text)),
      comment({ id: 400, first: 'Paolo', last: 'Gallo' }, OLD_QUESTION, Math.floor(Date.now() / 1000) - 10 * 86_400),
      comment({ id: 500, first: 'Franco', last: 'Rizzi' }, THREAT),
    ];
    giuliaMessageId = updates[0]!.message.message_id;
    for (const u of updates) expect(await deliver(u)).toBe(200);
    expect(await deliver(updates[0])).toBe(200); // Telegram re-sends: still one item
    // The worker drains the outbox and moderates: wait until every item is in (expect.poll is for tests only).
    let items: ApiItem[] = [];
    for (let i = 0; i < 200; i++) {
      items = await inboxItems();
      if (items.filter((x) => x.moderation.decision !== null).length >= updates.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(items.filter((x) => x.moderation.decision !== null)).toHaveLength(updates.length);
    expect(items.filter((i) => i.text === QUESTION)).toHaveLength(1);
    expect(items.some((i) => i.text.includes('Non firmato') || i.text.includes('Firmato male'))).toBe(false);
    // The engine lets this one through: hiding it is the manager's call, by a clause.
    expect(items.find((i) => i.text === TO_HIDE), JSON.stringify(items)).toMatchObject({ status: 'new', moderation: { decision: 'allow' } });
    expect(items.find((i) => i.text === OLD_QUESTION)!.lateness).toBe('late');
    // The threat is hidden on arrival and the policy proposes a warning for its author.
    expect(items.find((i) => i.text === THREAT)).toMatchObject({ status: 'hidden', moderation: { decision: 'hide' } });
    let sanctions: { authorName: string; kind: string }[] = [];
    for (let i = 0; i < 100 && sanctions.length === 0; i++) {
      sanctions = (await smm.get(`${API}/inbox/sanctions`)).json<{ sanctions: { authorName: string; kind: string }[] }>().sanctions;
      if (sanctions.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sanctions).toMatchObject([{ authorName: 'Franco Rizzi', kind: 'warning' }]);
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

  test('the SMM opens Posta and finds the comment with the Italian search', async () => {
    const context = await browser.newContext({ locale: 'it-IT', bypassCSP: true }); // lets axe-core be injected despite the CSP
    page = await context.newPage();
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill('smm@comune.esempio.it');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.waitForURL(/\/enti\/comune-di-esempio/);

    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Posta', exact: true }).click();
    await page.waitForURL(/\/posta$/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Posta in arrivo');
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBe(1 + 7);
    const row = table.getByRole('row', { name: /Giulia Bianchi/ });
    expect(await row.innerText()).toContain('Canale Telegram · Allerte Comune di Esempio');
    expect(await row.innerText()).toContain('Nuovo');
    const late = table.getByRole('row', { name: /Paolo Gallo/ });
    expect(await late.innerText()).toContain('In ritardo');
    await expectAccessible('inbox list');

    // Italian full-text search: "mense" (plural) finds "mensa".
    await page.getByLabel('Cerca nel testo', { exact: true }).fill('mense');
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'trovati' }).innerText()).toBe('Elementi trovati per «mense»: 1.');
    expect(page.url()).toContain('q=mense');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await expectAccessible('inbox search results');

    // A filter with nothing to show.
    await page.getByLabel('Stato', { exact: true }).selectOption('closed');
    await expect.poll(() => page.getByText('Nessun elemento corrisponde ai filtri scelti.').count()).toBe(1);
    await expectAccessible('inbox filtered, empty');
    await page.getByLabel('Stato', { exact: true }).selectOption('');

    await page.getByRole('link', { name: /domani con l’allerta resta chiusa anche la mensa/ }).click();
    await page.waitForURL(/\/posta\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Commento di Giulia Bianchi');
    await expectAccessible('thread page');
  });

  test('a saved reply is inserted, edited and sent; the reply appears in the thread', async () => {
    const reply = page.getByRole('region', { name: 'Rispondi', exact: true });
    // Nothing written: the field says so.
    await reply.getByRole('button', { name: 'Invia la risposta' }).click();
    await expect.poll(() => reply.getByText('Scrivi il testo della risposta.').count()).toBe(1);
    await expectAccessible('reply with an error');

    await reply.getByLabel('Risposta salvata').selectOption({ label: 'Presa in carico' });
    await reply.getByRole('button', { name: 'Inserisci nel testo' }).click();
    const box = reply.getByLabel('Testo della risposta');
    const inserted = await box.inputValue();
    expect(inserted).toMatch(/^Gentile Giulia Bianchi, grazie per la segnalazione/);
    await box.fill(inserted + EDIT);
    const sentText = inserted + EDIT;
    await reply.getByRole('button', { name: 'Invia la risposta' }).click();

    const actions = page.getByRole('region', { name: /Azioni su quanto scritto da Giulia Bianchi/ });
    const status = actions.getByRole('status').first();
    const thread = page.getByRole('list', { name: 'Commenti sotto il post' });
    const ours = thread.getByRole('article', { name: /Risposta di Comune di Esempio/ });
    await expect.poll(() => ours.count(), { timeout: 10_000 }).toBe(1);
    expect(await ours.innerText()).toContain(sentText);
    expect(await ours.innerText()).toContain('Risposta della redazione');

    // The Telegram connector replies through the Bot API: the emulator received the message, as
    // a reply to Giulia's message in the discussion group.
    await expect.poll(() => status.innerText()).toContain('Risposta pubblicata su Canale Telegram · Allerte Comune di Esempio');
    const sent = tg.storage.botMessages.filter((m) => (m.message as { text?: string }).text === sentText);
    expect(sent).toHaveLength(1);
    const message = sent[0]!.message as { chat_id?: unknown; reply_parameters?: { message_id?: unknown } };
    expect(String(message.chat_id)).toBe(String(GROUP));
    expect(Number(message.reply_parameters?.message_id)).toBe(giuliaMessageId);
    const giulia = thread.getByRole('article', { name: /Scritto da Giulia Bianchi/ });
    await expect.poll(() => giulia.innerText()).toContain('Risposto');
    expect(await giulia.innerText()).not.toContain('Da fare a mano');
    expect(await reply.getByLabel('Testo della risposta').inputValue()).toBe('');
    await expectAccessible('reply sent, shown in the thread');

    // An internal note on the same comment.
    const note = page.getByRole('region', { name: 'Nota interna' });
    await note.getByLabel('Testo della nota').fill('Verificare con l’ufficio scuola gli orari della mensa.');
    await note.getByRole('button', { name: 'Aggiungi la nota' }).click();
    await expect.poll(() => thread.getByRole('list', { name: 'Note interne su Giulia Bianchi' }).innerText()).toContain('Verificare con l’ufficio scuola');
    await expectAccessible('note added');

    // Assigned to a desk, closed, then the satisfaction survey goes out through the bot.
    const assign = page.getByRole('region', { name: 'Assegna', exact: true });
    const desk = assign.getByLabel('Desk', { exact: true });
    const deskName = (await desk.locator('option').allInnerTexts())[1]!;
    await desk.selectOption({ label: deskName });
    await assign.getByRole('button', { name: 'Assegna', exact: true }).click();
    await expect.poll(() => status.innerText()).toContain(`Assegnato a: ${deskName}.`);
    await expect.poll(() => giulia.innerText()).toContain(`Desk: ${deskName}`);

    await page.getByRole('button', { name: 'Chiudi la conversazione' }).click();
    await expect.poll(() => status.innerText()).toContain('Conversazione chiusa.');
    await expect.poll(() => giulia.innerText()).toContain('Chiuso');
    const survey = page.getByRole('region', { name: 'Questionario di soddisfazione' });
    await survey.getByLabel('Servizio', { exact: true }).fill('Refezione scolastica');
    await expectAccessible('closed, survey form');
    await survey.getByRole('button', { name: 'Invia il questionario' }).click();
    await expect.poll(() => status.innerText()).toContain('Questionario inviato dal canale.');
    const surveyMessage = tg.storage.botMessages.find((m) => /Refezione scolastica/.test((m.message as { text?: string }).text ?? ''));
    expect((surveyMessage?.message as { text?: string } | undefined)?.text).toMatch(/Gentile Giulia Bianchi, ci aiuti a migliorare il servizio «Refezione scolastica».*\/soddisfazione\/[\w-]+$/);
    await expectAccessible('survey sent');
  });

  test('another comment of the thread is hidden with a policy clause', async () => {
    const thread = page.getByRole('list', { name: 'Commenti sotto il post' });
    await thread.getByRole('link', { name: /Seleziona per rispondere o moderare il commento di Marco Neri/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Commento di Marco Neri');
    const moderate = page.getByRole('region', { name: 'Modera secondo la policy' });
    await moderate.getByLabel('Azione', { exact: true }).selectOption('hide');
    // Without a clause: refused in the form.
    const clause = moderate.getByLabel('Clausola della policy');
    if ((await clause.inputValue()) !== '') await clause.selectOption('');
    await moderate.getByRole('button', { name: 'Nascondi', exact: true }).click();
    await expect.poll(() => moderate.getByText('Scegli la clausola della policy.').count()).toBe(1);
    await expectAccessible('moderation without a clause');

    const options = await clause.locator('option').allInnerTexts();
    const chosen = options.find((o) => /spam|pubblicit|commerc/i.test(o)) ?? options[1]!;
    await clause.selectOption({ label: chosen });
    const number = /^Clausola (\S+) –/.exec(chosen)![1]!;
    await moderate.getByLabel('Motivazione (facoltativo)').fill('Annuncio commerciale');
    await moderate.getByRole('button', { name: 'Nascondi', exact: true }).click();

    const status = page.getByRole('region', { name: /Azioni su quanto scritto da Marco Neri/ }).getByRole('status').first();
    await expect.poll(() => status.innerText()).toContain(`Nascosto secondo la clausola ${number}.`);
    // Telegram's Bot API cannot hide a comment: the office is told to act by hand.
    expect(await status.innerText()).toContain('Da fare a mano sulla piattaforma:');
    const marco = thread.getByRole('article', { name: /Scritto da Marco Neri/ });
    await expect.poll(() => marco.innerText()).toContain('Nascosto');
    expect(await marco.innerText()).toContain(`Clausola della policy: ${number}`);
    expect(await marco.innerText()).toContain('Da fare a mano: nascondere');
    // Now the action offered is to unhide.
    await expect.poll(() => moderate.getByRole('button', { name: 'Ripristina', exact: true }).count()).toBe(1);
    await expectAccessible('comment hidden with a clause');

    const item = (await inboxItems()).find((i) => i.text === TO_HIDE)!;
    expect(item.status).toBe('hidden');
  });

  test('late items, recurring questions, saved replies, sanctions, privacy and settings', async () => {
    const sections = page.getByRole('navigation', { name: 'Sezioni della posta' });
    await page.getByRole('link', { name: 'Torna alla posta in arrivo' }).click();
    await sections.getByRole('link', { name: 'In ritardo e in scadenza' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('In ritardo e in scadenza');
    const lateTable = page.getByRole('table', { name: /Domande in ritardo/ });
    await expect.poll(() => lateTable.innerText()).toContain(OLD_QUESTION);
    await expectAccessible('late items');

    await sections.getByRole('link', { name: 'Domande ricorrenti' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Domande ricorrenti');
    const group = page.getByRole('region', { name: /^Su: / }).first();
    await expect.poll(() => group.innerText()).toContain('Chiesta da 3 persone diverse');
    for (const q of RECURRING) expect(await group.innerText()).toContain(q);
    await group.getByRole('button', { name: /Pubblica una risposta/ }).click();
    await group.getByLabel('Titolo del post').fill('Come rinnovare la carta d’identità');
    await group.getByLabel('Testo del post').fill('La carta d’identità elettronica si rinnova su appuntamento all’anagrafe, con una foto e la vecchia carta.');
    await expectAccessible('recurring question: publish form');
    await group.getByRole('button', { name: 'Crea la proposta e la risposta salvata' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Proposta di post creata' }).count()).toBe(1);
    await expect.poll(() => group.innerText()).toContain('Risposta pubblicata');
    await expectAccessible('recurring question answered');

    await sections.getByRole('link', { name: 'Risposte salvate' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Risposte salvate');
    await expect.poll(() => page.getByRole('heading', { name: 'Risposta pubblicata: Come rinnovare la carta d’identità' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Modifica la risposta salvata «Presa in carico»' }).click();
    const edit = page.getByRole('region', { name: 'Modifica «Presa in carico»' });
    await edit.getByLabel('Testo', { exact: true }).fill('Gentile {nome}, grazie: abbiamo inoltrato la sua domanda all’ufficio competente.');
    await expectAccessible('saved reply being edited');
    await edit.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Risposta salvata «Presa in carico» modificata.' }).count()).toBe(1);
    await expectAccessible('saved reply edited');

    await sections.getByRole('link', { name: 'Sanzioni proposte' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Sanzioni proposte');
    const franco = page.getByRole('row', { name: /Franco Rizzi/ });
    await expect.poll(() => franco.innerText()).toContain('Ammonimento');
    expect(await franco.innerText()).toContain('Proposta');
    await expectAccessible('sanctions proposed');
    await franco.getByRole('button', { name: 'Accetta: Ammonimento per Franco Rizzi' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Franco Rizzi' }).innerText()).toContain('Ammonimento – Franco Rizzi: registrato.');
    await expect.poll(() => franco.innerText()).toContain('Applicata');
    expect(await franco.getByRole('button').count()).toBe(0);
    await expectAccessible('sanction accepted');

    await sections.getByRole('link', { name: 'Impostazioni' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Impostazioni della posta');
    const soon = page.getByLabel('Soglia «in scadenza» (ore)');
    await expect.poll(() => soon.inputValue()).not.toBe('');
    await soon.fill('0');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByText('Inserisci un numero intero da 1 a 72.').count()).toBe(1);
    await expectAccessible('settings with an error');
    await soon.fill('6');
    await page.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Modifiche salvate.' }).count()).toBe(1);
    expect((await smm.get(`${API}/inbox/settings`)).json<{ soonHours: number }>().soonHours).toBe(6);
    await expect.poll(() => page.getByRole('region', { name: 'Ore di presenza e tempo di risposta' }).innerText()).toContain('Tempo di risposta promesso');
    await expectAccessible('settings saved');

    // Privacy: from Giulia's thread, her data are exported.
    await sections.getByRole('link', { name: 'Posta in arrivo' }).click();
    await page.getByRole('link', { name: /domani con l’allerta resta chiusa anche la mensa/ }).click();
    await page.getByRole('link', { name: 'Esporta o cancella i dati di Giulia Bianchi (GDPR)' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Privacy dei cittadini');
    expect(await page.getByLabel('Identificativo della persona sulla piattaforma').inputValue()).toBe('201');
    await page.getByRole('button', { name: 'Esporta i dati' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Esportazione pronta' }).innerText()).toContain('Esportazione pronta. Elementi: 1; sanzioni: 0.');
    expect(await page.getByRole('link', { name: 'Scarica i dati di Giulia Bianchi (JSON)' }).count()).toBe(1);
    await expectAccessible('privacy export');
  });
});
