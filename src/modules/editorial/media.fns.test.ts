import { describe, expect, test } from 'vitest';
import { formatMegabytes, sniffMedia } from './media.fns.ts';

const b = (...parts: (number[] | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffMedia', () => {
  test.each([
    ['JPEG', b([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['PNG', b([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['GIF87a', b('GIF87a....'), 'image/gif'],
    ['GIF89a', b('GIF89a....'), 'image/gif'],
    ['WebP', b('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['MP4', b([0, 0, 0, 0x20], 'ftypisom', [0, 0, 0, 0]), 'video/mp4'],
    ['M4V', b([0, 0, 0, 0x20], 'ftypM4V ', [0, 0, 0, 0]), 'video/mp4'],
    ['QuickTime (ftyp qt)', b([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0]), 'video/quicktime'],
    ['QuickTime (old moov)', b([0, 0, 0, 0x08], 'moov', [0, 0, 0, 0]), 'video/quicktime'],
    ['WebM', b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'), 'video/webm'],
    ['Matroska is not WebM', b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), null],
    ['RIFF WAVE is not WebP', b('RIFF', [0, 0, 0, 0], 'WAVEfmt '), null],
    ['PDF', b('%PDF-1.7'), null],
    ['SVG', b('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['empty', b(''), null],
    ['two bytes of JPEG', b([0xff, 0xd8]), null],
  ])('%s → %s', (_name, bytes, mime) => {
    expect(sniffMedia(bytes)).toBe(mime);
  });
});

describe('limits', () => {
  test.each([
    [8 * 1024 * 1024, '8 MB'],
    [1.5 * 1024 * 1024, '1,5 MB'],
  ])('%i bytes → %s', (bytes, text) => expect(formatMegabytes(bytes)).toBe(text));
});
