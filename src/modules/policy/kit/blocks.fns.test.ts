import { describe, expect, test } from 'vitest';
import { bodyToPlain, escapeInline, link, parseBody, parseInline } from './blocks.fns.ts';

describe('parseBody', () => {
  test('paragraphs, lists and links', () => {
    expect(parseBody('Primo paragrafo\nche continua.\n\n- uno;\n- [due](https://a.it).\nDopo.')).toEqual([
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Primo paragrafo che continua.' }] },
      {
        kind: 'list',
        items: [
          [{ kind: 'text', text: 'uno;' }],
          [{ kind: 'link', text: 'due', href: 'https://a.it' }, { kind: 'text', text: '.' }],
        ],
      },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Dopo.' }] },
    ]);
  });

  test.each([
    ['[x](javascript:alert(1))', [{ kind: 'text', text: '[x](javascript:alert(1))' }]],
    ['[x](data:text/html,hi)', [{ kind: 'text', text: '[x](data:text/html,hi)' }]],
    ['[mail](mailto:a@b.it)', [{ kind: 'link', text: 'mail', href: 'mailto:a@b.it' }]],
    ['\\[non link\\](https://a.it)', [{ kind: 'text', text: '[non link](https://a.it)' }]],
    ['[a \\] b](https://a.it)', [{ kind: 'link', text: 'a ] b', href: 'https://a.it' }]],
  ] as const)('parseInline(%s)', (s, expected) => {
    expect(parseInline(s)).toEqual(expected);
  });
});

describe('escaping values into a body', () => {
  test.each([
    ['Comune di [Esempio]', 'Comune di \\[Esempio\\]'],
    ['- finto\n- elenco', '\\- finto - elenco'],
    ['# titolo', '\\# titolo'],
    ['a\\b', 'a\\\\b'],
  ])('escapeInline(%s)', (value, escaped) => {
    expect(escapeInline(value)).toBe(escaped);
    expect(bodyToPlain(escaped)).toBe(value.replace(/\s+/g, ' '));
  });

  test('link() refuses unsafe hrefs and keeps the text', () => {
    expect(link('Sito', 'https://a.it')).toBe('[Sito](https://a.it)');
    expect(link('Sito', 'javascript:alert(1)')).toBe('Sito');
  });

  test('plain text shows link URLs only when asked', () => {
    const body = 'Vedi [il sito](https://a.it) e [x@y.it](mailto:x@y.it).';
    expect(bodyToPlain(body)).toBe('Vedi il sito e x@y.it.');
    expect(bodyToPlain(body, true)).toBe('Vedi il sito (https://a.it) e x@y.it.');
  });
});
