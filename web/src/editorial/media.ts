import { API, ApiError, entePath } from '../api/client';
import type { Media, Problem } from '../api/types';

export const ACCEPTED_MEDIA = 'image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm';

/**
 * Uploads one file as the raw request body (uploadMedia: no multipart), with the file name, alt
 * text and captions flag in the query. Errors (413, 415, …) come back as ApiError.
 */
export async function uploadMedia(
  enteSlug: string,
  csrfToken: string | null,
  file: File,
  opts: { alt: string; captions: boolean; lang: string },
): Promise<Media> {
  const qs = new URLSearchParams({ filename: file.name });
  if (opts.alt.trim()) qs.set('alt', opts.alt.trim());
  if (file.type.startsWith('video/')) qs.set('captions', opts.captions ? 'true' : 'false');
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': opts.lang,
    'Content-Type': file.type || 'application/octet-stream',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const url = `${API}${entePath(enteSlug)}/media?${qs.toString()}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: '', instance: url, code: 'network', requestId: '' }, null);
  }
  const payload: unknown = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const problem =
      payload && typeof payload === 'object' && 'code' in payload
        ? (payload as Problem)
        : { type: 'about:blank', title: res.statusText, status: res.status, detail: '', instance: url, code: 'http_error', requestId: '' };
    throw new ApiError(problem, null);
  }
  return payload as Media;
}

/** URL of a file's bytes, for previews (the browser sends the session cookie). */
export function mediaContentUrl(enteSlug: string, id: string): string {
  return `${API}${entePath(enteSlug)}/media/${encodeURIComponent(id)}/content`;
}
