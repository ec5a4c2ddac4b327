/**
 * What a file really is, from its first bytes (the declared Content-Type is only a hint), and
 * how large each kind may be.
 */

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;
export const MEDIA_TYPES = [...IMAGE_TYPES, ...VIDEO_TYPES] as const;
export type MediaMime = (typeof MEDIA_TYPES)[number];
export type MediaKind = 'image' | 'video';

export interface MediaLimits {
  imageBytes: number;
  videoBytes: number;
}

const MB = 1024 * 1024;
export const DEFAULT_MEDIA_LIMITS: MediaLimits = { imageBytes: 8 * MB, videoBytes: 200 * MB };

export function kindOf(mime: MediaMime): MediaKind {
  return (IMAGE_TYPES as readonly string[]).includes(mime) ? 'image' : 'video';
}

const ascii = (buf: Uint8Array, start: number, end: number) => String.fromCharCode(...buf.subarray(start, end));

// ISO base media file brands of QuickTime; any other brand in an ftyp box is MP4-family.
const QUICKTIME_BRANDS = new Set(['qt  ']);
// Old QuickTime files start with one of these atoms instead of ftyp.
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** The media type of the bytes, or null when they are none of the accepted images or videos. */
export function sniffMedia(buf: Uint8Array): MediaMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => buf[i] === b)) return 'image/png';
  if (buf.length >= 6 && (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a')) return 'image/gif';
  if (buf.length >= 12 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'image/webp';
  if (buf.length >= 12) {
    const box = ascii(buf, 4, 8);
    if (box === 'ftyp') return QUICKTIME_BRANDS.has(ascii(buf, 8, 12)) ? 'video/quicktime' : 'video/mp4';
    if (QUICKTIME_ATOMS.has(box)) return 'video/quicktime';
  }
  if (buf.length >= 4 && buf[0] === 0x1a && buf[1] === 0x45 && buf[2] === 0xdf && buf[3] === 0xa3) {
    // EBML header: WebM declares the DocType "webm" within its first bytes (Matroska says "matroska").
    const head = ascii(buf, 0, Math.min(buf.length, 64));
    if (head.includes('webm')) return 'video/webm';
  }
  return null;
}

/** "8 MB", "1,5 MB" for messages. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1).replace('.', ',')} MB`;
}
