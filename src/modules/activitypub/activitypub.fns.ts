/** Pure helpers of the ActivityPub presence: Note ids, HTML content, the Create activity. */
import crypto from 'node:crypto';

export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** The key in a Note's id: derived from the publication's idempotency key, so retries reuse it. */
export function noteKeyOf(idempotencyKey: string): string {
  return crypto.createHash('sha256').update(`redazione:ap:${idempotencyKey}`).digest('base64url').slice(0, 26);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const URL_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Plain text to the HTML of a Note: escaped, links as anchors, paragraphs and line breaks. */
export function noteHtml(text: string): string {
  const line = (l: string) => {
    let out = '';
    let last = 0;
    for (const m of l.matchAll(URL_RE)) {
      const href = escapeHtml(m[0]);
      out += `${escapeHtml(l.slice(last, m.index))}<a href="${href}" rel="nofollow noopener noreferrer" target="_blank">${href}</a>`;
      last = m.index + m[0].length;
    }
    return out + escapeHtml(l.slice(last));
  };
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(line).join('<br>')}</p>`)
    .join('');
}

export interface CreateInput {
  actor: string;
  followers: string;
  noteId: string;
  /** Plain text; the link of the variant is added when it is not in it. */
  text: string;
  link?: string | null;
  published: Date;
  attachments: { url: string; mediaType: string; name: string | null }[];
}

/** The text that goes out, with the link appended when missing. */
export const fullText = (text: string, link?: string | null) => (link && !text.includes(link) ? `${text.trim()}\n\n${link}` : text.trim());

/** The Create(Note) activity as JSON-LD: public, copied to the followers, in Italian. */
export function createActivity(i: CreateInput): Record<string, unknown> {
  const content = noteHtml(fullText(i.text, i.link));
  const published = i.published.toISOString();
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id: `${i.noteId}/activity`,
    type: 'Create',
    actor: i.actor,
    published,
    to: [PUBLIC],
    cc: [i.followers],
    object: {
      id: i.noteId,
      type: 'Note',
      attributedTo: i.actor,
      content,
      contentMap: { it: content },
      published,
      url: i.noteId,
      to: [PUBLIC],
      cc: [i.followers],
      ...(i.attachments.length
        ? { attachment: i.attachments.map((a) => ({ type: 'Image', mediaType: a.mediaType, url: a.url, ...(a.name ? { name: a.name } : {}) })) }
        : {}),
    },
  };
}

/**
 * When a queue handler threw (Fedify's own delivery retries do not throw: they enqueue a new
 * message), the message is tried again after 1 s, 2 s, 4 s… up to 10 minutes.
 */
export function queueBackoffMs(claims: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, claims - 1), 600_000);
}

/** How long an idle queue listener sleeps: until the next message is due, at most `pollMs`. */
export function queueIdleMs(nextDueInMs: number | null, pollMs: number): number {
  if (nextDueInMs === null) return pollMs;
  return Math.min(pollMs, Math.max(5, Math.ceil(nextDueInMs)));
}
