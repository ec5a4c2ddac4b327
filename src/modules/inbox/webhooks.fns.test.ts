/**
 * Meta webhooks, pure: the signature over the raw body, the subscription handshake, and the payloads
 * of Messenger (`object: page`, `entry[].messaging[]`), Page comments (`feed` changes), Instagram
 * (`object: instagram`, `comments` changes and Direct `messaging`) and WhatsApp
 * (`object: whatsapp_business_account`, `changes[].value.messages[]`, statuses ignored). The payloads
 * follow the shapes of Meta's documented examples, with our own values.
 */
import { describe, expect, test } from 'vitest';
import { metaHandshake, metaSignature, parseMeta, parseWebhook, verifyMetaSignature } from './webhooks.fns.ts';

const NOW = new Date('2026-03-02T09:00:00Z');
const SECRET = 'app-secret-di-prova';

describe('X-Hub-Signature-256', () => {
  const raw = Buffer.from('{"object":"page","entry":[]}');
  const good = metaSignature(raw, SECRET);
  test.each([
    ['the signature Meta computes', good, SECRET, true],
    ['upper-case hex digits', `sha256=${good.slice(7).toUpperCase()}`, SECRET, true],
    ['another app secret', metaSignature(raw, 'altro'), SECRET, false],
    ['no header', undefined, SECRET, false],
    ['the old sha1 header form', `sha1=${good.slice(7)}`, SECRET, false],
    ['a truncated digest', good.slice(0, 40), SECRET, false],
    ['not hex', 'sha256=zz', SECRET, false],
    ['no app secret configured', good, '', false],
  ])('%s → %s', (_name, header, secret, ok) => {
    expect(verifyMetaSignature(raw, header, secret)).toBe(ok);
  });

  test('a signature covers the exact bytes: the same JSON re-serialised does not verify', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 2));
    expect(verifyMetaSignature(pretty, good, SECRET)).toBe(false);
  });
});

describe('subscription handshake', () => {
  test.each([
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'v-123', 'hub.challenge': '1158201444' }, '1158201444'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'v-124', 'hub.challenge': '1' }, null],
    [{ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'v-123', 'hub.challenge': '1' }, null],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'v-123' }, null],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'v-123', 'hub.challenge': 'x'.repeat(201) }, null],
  ])('%j → %s', (query, expected) => {
    expect(metaHandshake(query, 'v-123')).toBe(expected);
  });
});

describe('Messenger (object: page, entry[].messaging[])', () => {
  const page = '104000000000001';
  const event = (message: Record<string, unknown>, sender = '6254518274631891', extra: Record<string, unknown> = {}) => ({
    object: 'page',
    entry: [{ id: page, time: 1772441990000, messaging: [{ sender: { id: sender }, recipient: { id: page }, timestamp: 1772441989123, message, ...extra }] }],
  });

  test('a text message becomes a conversation item with the sender as author', () => {
    expect(parseMeta(event({ mid: 'm_AbCdEf123', text: 'Buongiorno, come si paga la TARI?' }), NOW)).toEqual([
      {
        platformId: 'm_AbCdEf123',
        kind: 'message',
        threadRef: 'conv:6254518274631891',
        parentRef: null,
        author: { platformId: '6254518274631891', name: 'Utente 1891' },
        text: 'Buongiorno, come si paga la TARI?',
        receivedAt: new Date(1772441989123),
      },
    ]);
  });

  test('a reply to an earlier message keeps its mid as parent', () => {
    expect(parseMeta(event({ mid: 'm_2', text: 'E la scadenza?', reply_to: { mid: 'm_1' } }), NOW)[0]!.parentRef).toBe('m_1');
  });

  test('a photo without text is kept with a placeholder', () => {
    const [item] = parseMeta(event({ mid: 'm_3', attachments: [{ type: 'image', payload: { url: 'https://scontent.example/1.jpg' } }] }), NOW);
    expect(item!.text).toBe('[immagine senza testo]');
  });

  test.each([
    ['an echo of the Page’s own message', event({ mid: 'm_4', text: 'Risposta', is_echo: true, app_id: 1 }, page)],
    ['a message sent by the Page without the echo flag', event({ mid: 'm_5', text: 'Risposta' }, page)],
    ['a delivery receipt', { object: 'page', entry: [{ id: page, messaging: [{ sender: { id: '1' }, recipient: { id: page }, delivery: { mids: ['m_1'], watermark: 1 } }] }] }],
    ['a read receipt', { object: 'page', entry: [{ id: page, messaging: [{ sender: { id: '1' }, recipient: { id: page }, read: { watermark: 1 } }] }] }],
    ['a postback', { object: 'page', entry: [{ id: page, messaging: [{ sender: { id: '1' }, recipient: { id: page }, postback: { title: 'Inizia', payload: 'START' } }] }] }],
  ])('%s yields nothing', (_name, body) => {
    expect(parseMeta(body, NOW)).toEqual([]);
  });
});

describe('Page comments (object: page, changes field feed)', () => {
  const page = '104000000000001';
  const feed = (value: Record<string, unknown>) => ({ object: 'page', entry: [{ id: page, time: 1772441990, changes: [{ field: 'feed', value }] }] });
  const comment = (over: Record<string, unknown> = {}) =>
    feed({ from: { id: '7012345678901234', name: 'Mario Bianchi' }, post: { status_type: 'mobile_status_update', is_published: true, updated_time: '2026-03-02T08:59:00+0000', permalink_url: 'https://www.facebook.com/x', promotion_status: 'inactive', id: `${page}_555` }, message: 'A che ora chiude il mercato?', post_id: `${page}_555`, comment_id: '555_9001', created_time: 1772441940, item: 'comment', parent_id: `${page}_555`, verb: 'add', ...over });

  test('a top-level comment: thread is the post, no parent, author and time from the change', () => {
    expect(parseMeta(comment(), NOW)).toEqual([
      {
        platformId: '555_9001',
        kind: 'comment',
        threadRef: `${page}_555`,
        parentRef: null,
        author: { platformId: '7012345678901234', name: 'Mario Bianchi' },
        text: 'A che ora chiude il mercato?',
        receivedAt: new Date(1772441940 * 1000),
      },
    ]);
  });

  test('a reply to a comment links to it', () => {
    expect(parseMeta(comment({ comment_id: '555_9002', parent_id: '555_9001' }), NOW)[0]!.parentRef).toBe('555_9001');
  });

  test('a comment whose author Meta does not disclose still lands, anonymously', () => {
    const [item] = parseMeta(comment({ from: undefined }), NOW);
    expect(item!.author).toEqual({ platformId: 'facebook:anonimo:555_9001', name: 'Utente Facebook' });
  });

  test('a photo comment without text is kept with a placeholder', () => {
    expect(parseMeta(comment({ message: undefined, photo: 'https://scontent.example/2.jpg' }), NOW)[0]!.text).toBe('[immagine senza testo]');
  });

  test.each([
    ['an edit', comment({ verb: 'edited' })],
    ['a removal', comment({ verb: 'remove' })],
    ['a reaction', feed({ item: 'reaction', verb: 'add', reaction_type: 'like', post_id: `${page}_555`, from: { id: '1', name: 'x' } })],
    ['a new Page post', feed({ item: 'status', verb: 'add', post_id: `${page}_556`, message: 'Nuovo post', from: { id: page, name: 'Comune' } })],
    ['the Page’s own reply', comment({ from: { id: page, name: 'Comune di Esempio' }, comment_id: '555_9003', parent_id: '555_9001' })],
  ])('%s yields nothing', (_name, body) => {
    expect(parseMeta(body, NOW)).toEqual([]);
  });
});

describe('Instagram (object: instagram)', () => {
  const ig = '17841400000000001';
  const comments = (value: Record<string, unknown>, field = 'comments') => ({ object: 'instagram', entry: [{ id: ig, time: 1772441950, changes: [{ field, value }] }] });
  const citizen = { id: '17841455555555555', username: 'giulia.rossi' };

  test('a comment on a post: thread is the media, time from the entry (the value has none)', () => {
    expect(parseMeta(comments({ from: citizen, media: { id: '17900000000000777', media_product_type: 'FEED' }, id: '17865799348089039', text: 'Bellissima iniziativa! Si replica?' }), NOW)).toEqual([
      {
        platformId: '17865799348089039',
        kind: 'comment',
        threadRef: '17900000000000777',
        parentRef: null,
        author: { platformId: citizen.id, name: 'giulia.rossi', handle: 'giulia.rossi' },
        text: 'Bellissima iniziativa! Si replica?',
        receivedAt: new Date(1772441950 * 1000),
      },
    ]);
  });

  test('a reply carries parent_id; a live comment is a comment too', () => {
    expect(parseMeta(comments({ from: citizen, media: { id: '1' }, id: '2', parent_id: '3', text: 'Concordo' }), NOW)[0]!.parentRef).toBe('3');
    expect(parseMeta(comments({ from: citizen, media: { id: '1', media_product_type: 'LIVE' }, id: '4', text: 'Ciao dalla diretta' }, 'live_comments'), NOW)).toHaveLength(1);
  });

  test('the account’s own replies are not inbox items', () => {
    expect(parseMeta(comments({ from: { id: ig, username: 'comune.esempio' }, media: { id: '1' }, id: '5', parent_id: '2', text: 'Grazie!' }), NOW)).toEqual([]);
  });

  test('a Direct message (entry[].messaging[]) is a conversation with the IGSID', () => {
    const body = { object: 'instagram', entry: [{ id: ig, time: 1772441990123, messaging: [{ sender: { id: '987654321098765' }, recipient: { id: ig }, timestamp: 1772441989000, message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE', text: 'Posso portare il cane al parco?' } }] }] };
    expect(parseMeta(body, NOW)).toEqual([
      expect.objectContaining({ platformId: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE', kind: 'message', threadRef: 'conv:987654321098765', text: 'Posso portare il cane al parco?', receivedAt: new Date(1772441989000) }),
    ]);
  });

  test('a Direct message as a `messages` change (the App Dashboard test shape) is a message, not read as WhatsApp', () => {
    const body = comments({ sender: { id: '12334' }, recipient: { id: ig }, timestamp: '1772441989', message: { mid: 'random_mid', text: 'Messaggio di prova' } }, 'messages');
    expect(parseMeta(body, NOW)).toEqual([expect.objectContaining({ platformId: 'random_mid', kind: 'message', threadRef: 'conv:12334', text: 'Messaggio di prova', receivedAt: new Date(1772441989 * 1000) })]);
  });

  test('an echo of the account’s own Direct message yields nothing', () => {
    const body = { object: 'instagram', entry: [{ id: ig, messaging: [{ sender: { id: ig }, recipient: { id: '9' }, timestamp: 1, message: { mid: 'x', text: 'Risposta', is_echo: true } }] }] };
    expect(parseMeta(body, NOW)).toEqual([]);
  });
});

describe('WhatsApp (object: whatsapp_business_account)', () => {
  const value = (over: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '390612345678', phone_number_id: '106540352242922' }, ...over } }] }],
  });
  const contacts = [{ profile: { name: 'Giulia Bianchi' }, wa_id: '393331112223' }];
  const msg = (over: Record<string, unknown>) => ({ from: '393331112223', id: 'wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhgUM0EwQjQ', timestamp: '1772441989', ...over });

  test('a text message: author named from contacts, conversation per number, time in seconds', () => {
    expect(parseMeta(value({ contacts, messages: [msg({ type: 'text', text: { body: 'Quando passa la raccolta del vetro?' } })] }), NOW)).toEqual([
      {
        platformId: 'wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhgUM0EwQjQ',
        kind: 'message',
        threadRef: 'wa:393331112223',
        parentRef: null,
        author: { platformId: '393331112223', name: 'Giulia Bianchi' },
        text: 'Quando passa la raccolta del vetro?',
        receivedAt: new Date(1772441989 * 1000),
      },
    ]);
  });

  test('a reply to one of our messages keeps its context id; a number without a name is masked', () => {
    const [item] = parseMeta(value({ messages: [msg({ type: 'text', text: { body: 'Grazie' }, context: { from: '390612345678', id: 'wamid.nostro' } })] }), NOW);
    expect(item!.parentRef).toBe('wamid.nostro');
    expect(item!.author.name).toBe('+39…223');
  });

  test.each([
    ['button reply', { type: 'button', button: { text: 'Sì, confermo', payload: 'SI' } }, 'Sì, confermo'],
    ['interactive list reply', { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Anagrafe' } } }, 'Anagrafe'],
    ['interactive button reply', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Parla con un operatore' } } }, 'Parla con un operatore'],
    ['image with caption', { type: 'image', image: { caption: 'Buca in via Roma', mime_type: 'image/jpeg', sha256: 'x', id: 'media1' } }, 'Buca in via Roma'],
    ['image without caption', { type: 'image', image: { mime_type: 'image/jpeg', sha256: 'x', id: 'media2' } }, '[immagine senza testo]'],
    ['voice note', { type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', id: 'media3', voice: true } }, '[messaggio vocale senza testo]'],
    ['location', { type: 'location', location: { latitude: 41.9, longitude: 12.5 } }, '[posizione senza testo]'],
  ])('%s → its text', (_name, m, text) => {
    expect(parseMeta(value({ contacts, messages: [msg(m)] }), NOW)[0]!.text).toBe(text);
  });

  test.each([
    ['a status update only (sent, delivered, read)', value({ statuses: [{ id: 'wamid.nostro', status: 'delivered', timestamp: '1772441990', recipient_id: '393331112223' }] })],
    ['a reaction', value({ contacts, messages: [msg({ type: 'reaction', reaction: { message_id: 'wamid.nostro', emoji: '👍' } })] })],
    ['an unsupported message', value({ contacts, messages: [msg({ type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] })] })],
  ])('%s yields nothing', (_name, body) => {
    expect(parseMeta(body, NOW)).toEqual([]);
  });

  test('several messages in one delivery, statuses beside them ignored', () => {
    const body = value({ contacts, messages: [msg({ id: 'wamid.a', type: 'text', text: { body: 'Uno' } }), msg({ id: 'wamid.b', type: 'text', text: { body: 'Due' } })], statuses: [{ id: 'wamid.c', status: 'read' }] });
    expect(parseMeta(body, NOW).map((i) => i.platformId)).toEqual(['wamid.a', 'wamid.b']);
    expect(parseWebhook('whatsapp', body, NOW)).toHaveLength(2);
  });
});

describe('malformed bodies never throw and yield nothing', () => {
  test.each([
    ['null', null],
    ['a number', 42],
    ['an array', [1, 2, 3]],
    ['entry not an array', { object: 'page', entry: 'x' }],
    ['entries of junk', { object: 'page', entry: [null, 3, 'x', { changes: 'no' }, { messaging: [null, 1] }] }],
    ['changes without value', { object: 'instagram', entry: [{ id: '1', changes: [{ field: 'comments' }, { field: 'comments', value: 'x' }] }] }],
    ['messages not an array', { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: { from: '1' } } }] }] }],
    ['a comment with no id', { object: 'instagram', entry: [{ id: '1', changes: [{ field: 'comments', value: { from: { id: '2' }, media: { id: '3' }, text: 'x' } }] }] }],
  ])('%s', (_name, body) => {
    expect(parseMeta(body, NOW)).toEqual([]);
  });

  test('a very long text is clipped, not refused', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: '393331112223', id: 'w1', timestamp: '1', type: 'text', text: { body: 'a'.repeat(30_000) } }] } }] }] };
    expect(parseMeta(body, NOW)[0]!.text).toHaveLength(20_000);
  });
});
