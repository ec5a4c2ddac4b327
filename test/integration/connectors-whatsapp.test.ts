/**
 * The WhatsApp connector against a fake of the Cloud API (test/fakes/whatsapp.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { parseRecipients, sendTemplate, whatsappConnector as wa } from '../../src/connectors/whatsapp/index.ts';
import { type Failure, expectConnectorError, loopbackContext } from '../fakes/kernel.ts';
import { startWhatsappFake, WA_ERRORS, type WhatsappFake } from '../fakes/whatsapp.ts';
import { GRAPH_ERRORS } from '../fakes/facebook.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';

let fake: WhatsappFake;
const RECIPIENTS = '+393331112223, +393334445556,+393337778889';
const ctx = (account: Record<string, string> = {}) =>
  loopbackContext('whatsapp', fake.url, { accessToken: fake.token, account: { phoneNumberId: fake.phoneNumberId, templateName: 'avviso_ente', recipients: RECIPIENTS, ...account } });
const req = (text: string) => ({ idempotencyKey: `k-${text}`, text, media: [] });

beforeAll(async () => {
  fake = await startWhatsappFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.sent.length = 0;
  fake.requests.length = 0;
  fake.unreachable.clear();
  fake.texts.length = 0;
});

describe('whatsapp connector', () => {
  test('publish sends the approved template in Italian to every opted-in recipient', async () => {
    const res = await wa.publish(ctx(), { ...req('Domani scuole chiuse\nper neve'), link: 'https://www.comune.esempio.it/neve' });
    expect(fake.sent.map((s) => s.to)).toEqual(['393331112223', '393334445556', '393337778889']);
    expect(fake.sent[0]).toMatchObject({ template: 'avviso_ente', language: 'it', parameters: ['Domani scuole chiuse per neve https://www.comune.esempio.it/neve'] });
    expect(res.platformId).toBe(fake.sent[0]!.id);
    expect(fake.requests[0]!.json).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', type: 'template' });
  });

  test('sendTemplate sends one message and returns its id', async () => {
    const m = await sendTemplate(ctx(), '+393331112223', { name: 'avviso_ente', bodyParameters: ['Ciao'] });
    expect(m).toEqual({ messageId: fake.sent[0]!.id, waId: '393331112223' });
  });

  test('an undeliverable recipient is skipped and the others still receive', async () => {
    fake.unreachable.add('393334445556');
    await wa.publish(ctx(), req('Avviso'));
    expect(fake.sent.map((s) => s.to)).toEqual(['393331112223', '393337778889']);
  });

  test('nobody reachable is a bad_request that lists them', async () => {
    fake.unreachable.add('393331112223');
    await expectConnectorError(wa.publish(ctx({ recipients: '+393331112223' }), req('Avviso')), 'bad_request', /393331112223: 131026/);
  });

  test('recipients are validated before any call', async () => {
    expect(parseRecipients('+39 333 111 2223, 0612345, +39333')).toEqual({ valid: ['+393331112223'], invalid: ['0612345', '+39333'] });
    await expectConnectorError(wa.publish(ctx({ recipients: '+393331112223,06123' }), req('x')), 'bad_request', /Numeri non validi/);
    await expectConnectorError(wa.publish(ctx({ recipients: '' }), req('x')), 'bad_request', /Nessun destinatario/);
    expect(fake.requests).toHaveLength(0);
  });

  test('lookup is not possible: capabilities say so and lookup refuses instead of answering "nothing"', async () => {
    expect(wa.capabilities.lookup).toBe(false);
    await expectConnectorError(wa.lookup(ctx(), { idempotencyKey: 'k', text: 'x', since: new Date() }), 'unknown_outcome', /controlla con i destinatari/);
    await expectConnectorError(wa.delete(ctx(), 'wamid.x'), 'bad_request');
  });

  test('identity reads the number and its verified name', async () => {
    expect(await wa.identity(ctx())).toEqual({ id: fake.phoneNumberId, handle: '+39 06 1234 5678', name: 'Comune di Esempio', url: null });
  });

  const first: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['130429 throughput', WA_ERRORS.rateLimit, 'rate_limited', /limitato l’invio/],
    ['131048 spam rate limit', WA_ERRORS.spamRateLimit, 'rate_limited', /limitato l’invio/],
    ['132001 template missing', WA_ERRORS.templateMissing, 'bad_request', /modello WhatsApp configurato non esiste/],
    ['190 expired token', WA_ERRORS.expiredToken, 'auth_expired', /token del numero WhatsApp è scaduto/],
    ['368 blocked', WA_ERRORS.blocked, 'bad_request', /bloccato/],
    ['connection dropped after accept', { drop: 'after' }, 'unknown_outcome', /verifico/],
  ];
  test.each(first)('first send fails with %s', async (_n, failure, kind, it) => {
    fake.failNext(/messages$/, failure);
    await expectConnectorError(wa.publish(ctx(), req('Avviso')), kind, it);
  });

  test.each([
    ['130429 on the second recipient', WA_ERRORS.rateLimit],
    ['a drop after accept on the second recipient', { drop: 'after' } as Failure],
  ])('%s: unknown outcome saying 1 of 3 went out (no automatic retry would re-send to the first)', async (_n, failure) => {
    fake.failNext(/messages$/, failure, 1);
    const e = await expectConnectorError(wa.publish(ctx(), req('Avviso')), 'unknown_outcome', /arrivato a 1 destinatari su 3/);
    expect(e.details.platformCode).toBe('partial:1/3');
    expect(e.explanation.en).toMatch(/reached 1 of 3/);
  });

  test('a parameter with new lines would be refused by WhatsApp (132018): the connector collapses them', async () => {
    await wa.publish(ctx({ recipients: '+393331112223' }), req('Riga uno\n\n\tRiga     due'));
    expect(fake.sent[0]!.parameters).toEqual(['Riga uno Riga due']);
  });
});

describe('whatsapp connector: community inbox replies', () => {
  const citizen = (receivedAt = new Date(), waId = '393331112223'): IncomingItem => ({
    platformId: 'wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhggQ0E',
    kind: 'message',
    threadRef: `wa:${waId}`,
    author: { platformId: waId, name: 'Giulia Bianchi' },
    text: 'Buongiorno, quando passa il camion del vetro?',
    receivedAt,
  });
  const reply = (item: IncomingItem, text = 'Il vetro si raccoglie il martedì mattina.') => wa.reply(ctx(), { inReplyTo: item, text, idempotencyKey: 'r' });

  test('declares reply and block: nothing to hide or delete, no polling', () => {
    expect(wa.interactionCapabilities).toEqual({ reply: true, hide: false, unhide: false, delete: false, poll: false, block: true });
    expect('moderate' in wa).toBe(false);
  });

  test('replies with a text message quoting the citizen’s message as context', async () => {
    fake.customerWrote('393331112223');
    const res = await reply(citizen());
    expect(fake.requests[0]!.path).toBe(`/v21.0/${fake.phoneNumberId}/messages`);
    expect(fake.requests[0]!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '393331112223',
      type: 'text',
      text: { body: 'Il vetro si raccoglie il martedì mattina.', preview_url: false },
      context: { message_id: 'wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhggQ0E' },
    });
    expect(fake.texts).toEqual([{ id: res.platformId, to: '393331112223', body: 'Il vetro si raccoglie il martedì mattina.', contextId: 'wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhggQ0E' }]);
  });

  test('outside the 24-hour customer service window: refused before any call, saying a template is needed', async () => {
    const e = await expectConnectorError(reply(citizen(new Date(Date.now() - 25 * 3600 * 1000))), 'bad_request', /modello approvato/);
    expect(e.details.platformCode).toBe('outside_customer_service_window');
    expect(e.explanation.en).toMatch(/template/);
    expect(fake.requests).toHaveLength(0);
  });

  test('the Cloud API’s own 131047 (the window closed meanwhile) gets the same explanation', async () => {
    fake.customerWrote('393331112223', new Date(Date.now() - 30 * 3600 * 1000));
    await expectConnectorError(reply(citizen()), 'bad_request', /modello approvato da Meta/);
    expect(fake.texts).toHaveLength(0);
  });

  test('a body over 4,096 characters is refused before any call', async () => {
    await expectConnectorError(reply(citizen(), 'x'.repeat(4097)), 'bad_request', /accorcia di 1 caratteri/);
    expect(fake.requests).toHaveLength(0);
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['expired token', WA_ERRORS.expiredToken, 'auth_expired', /scaduto/],
    ['throughput limit 130429', WA_ERRORS.rateLimit, 'rate_limited', /limitato/],
    ['permission 200', GRAPH_ERRORS.permission, 'disconnected', /rispondere e moderare/],
    ['dropped after sending', { drop: 'after' }, 'unknown_outcome', /controlla sulla piattaforma/],
  ];
  test.each(cases)('reply error: %s', async (_n, failure, kind, it) => {
    fake.customerWrote('393331112223');
    fake.failNext(/^POST /, failure);
    await expectConnectorError(reply(citizen()), kind, it);
  });

  test('block adds the person to the number’s blocklist (POST /{phone-number-id}/block_users)', async () => {
    fake.customerWrote('393339990001');
    await wa.block!(ctx(), { authorPlatformId: '393339990001' });
    const sent = fake.received(/block_users$/)[0]!;
    expect(sent.path).toBe(`/v21.0/${fake.phoneNumberId}/block_users`);
    expect(sent.json).toEqual({ messaging_product: 'whatsapp', block_users: [{ user: '393339990001' }] });
    expect(fake.blocked.has('393339990001')).toBe(true);
  });

  test('block refused per number (no message in the last 24 hours) is explained, with what to do by hand', async () => {
    fake.customerWrote('393339990002', new Date(Date.now() - 25 * 3600 * 1000));
    const e = await expectConnectorError(wa.block!(ctx(), { authorPlatformId: '393339990002' }), 'bad_request', /ultime 24 ore.*a mano/);
    expect(e.explanation.en).toMatch(/last 24 hours/);
    expect(e.details.platformCode).toBe(139100);
    expect(fake.blocked.has('393339990002')).toBe(false);
    fake.failNext(/block_users$/, GRAPH_ERRORS.expiredToken);
    await expectConnectorError(wa.block!(ctx(), { authorPlatformId: '393339990002' }), 'auth_expired');
    await expectConnectorError(wa.block!(ctx(), { authorPlatformId: 'non-un-numero' }), 'bad_request', /a mano/);
  });
});
