/**
 * The Markdown-light dialect of section bodies, parsed once and rendered by the Markdown, HTML
 * and PDF renderers. Paragraphs are separated by blank lines; "- " starts a list item; links are
 * [text](https://…) or [text](mailto:…); a backslash escapes the next character.
 * Anything else is plain text: no raw HTML, no emphasis, nothing a hostile value could turn on.
 */

export type Inline = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

export type Block = { kind: 'paragraph'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] };

const LIST_ITEM = /^\s*[-*]\s+/;
const SAFE_HREF = /^(https?:\/\/[^\s()<>"]+|mailto:[^\s()<>"]+)$/i;

/** Escapes a value (an Ente's name, a channel's purpose…) for a body: one line, no markup. */
export function escapeInline(value: string): string {
  return value
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[\\[\]]/g, (c) => `\\${c}`)
    .replace(/^([-*#])/, '\\$1');
}

/** A link in the dialect; the text is escaped, the href must be http(s) or mailto. */
export function link(text: string, href: string): string {
  const h = href.trim();
  return SAFE_HREF.test(h) ? `[${escapeInline(text)}](${h})` : escapeInline(text);
}

/** Splits a body into paragraphs and lists. */
export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: Inline[][] | null = null;
  const flushPara = (): void => {
    if (para.length > 0) blocks.push({ kind: 'paragraph', inlines: parseInline(para.join(' ')) });
    para = [];
  };
  const flushList = (): void => {
    if (list && list.length > 0) blocks.push({ kind: 'list', items: list });
    list = null;
  };
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flushPara();
      flushList();
    } else if (LIST_ITEM.test(raw)) {
      flushPara();
      list ??= [];
      list.push(parseInline(raw.replace(LIST_ITEM, '').trim()));
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

/** Reads text, backslash escapes and links. */
export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = (): void => {
    if (text !== '') out.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === '\\' && i + 1 < s.length) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '[') {
      const parsed = readLink(s, i);
      if (parsed) {
        pushText();
        out.push(parsed.link);
        i = parsed.end;
        continue;
      }
    }
    text += c;
    i += 1;
  }
  pushText();
  return out;
}

function readLink(s: string, start: number): { link: Inline; end: number } | null {
  let label = '';
  let i = start + 1;
  while (i < s.length && s[i] !== ']') {
    if (s[i] === '\\' && i + 1 < s.length) {
      label += s[i + 1];
      i += 2;
    } else if (s[i] === '[') {
      return null;
    } else {
      label += s[i];
      i += 1;
    }
  }
  if (s[i] !== ']' || s[i + 1] !== '(') return null;
  const close = s.indexOf(')', i + 2);
  if (close < 0) return null;
  const href = s.slice(i + 2, close).trim();
  if (!SAFE_HREF.test(href)) return null;
  return { link: { kind: 'link', text: label, href }, end: close + 1 };
}

/** Plain text of inlines; links as "text (url)" when `urls` is set, else their text only. */
export function inlinesToPlain(inlines: Inline[], urls: boolean): string {
  return inlines
    .map((x) => {
      if (x.kind === 'text') return x.text;
      const href = x.href.replace(/^mailto:/i, '');
      return urls && href !== x.text ? `${x.text} (${href})` : x.text;
    })
    .join('');
}

/** Plain text of a body: paragraphs separated by blank lines, one list item per line. */
export function bodyToPlain(body: string, urls = false): string {
  return parseBody(body)
    .map((b) =>
      b.kind === 'paragraph'
        ? inlinesToPlain(b.inlines, urls)
        : b.items.map((it) => `- ${inlinesToPlain(it, urls)}`).join('\n'),
    )
    .join('\n\n');
}
