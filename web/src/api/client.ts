/**
 * A small fetch wrapper for the Redazione API: same-origin cookie session, X-CSRF-Token on unsafe
 * methods, Accept-Language from the UI's language, problem+json turned into ApiError.
 */
import type { FieldError, Problem } from './types';

export const API = '/api/v1';

const state: { csrfToken: string | null; lang: string } = { csrfToken: null, lang: 'it' };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setApiLanguage(lang: string): void {
  state.lang = lang;
}

/** An HTTP error from the API, carrying the parsed problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds to wait, from Retry-After (429). */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get code(): string {
    return this.problem.code;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

/** Listeners told when the session is gone (401 on an authenticated call). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (used by login and the first /me). */
  quiet401?: boolean;
}

/** Calls the API and returns the parsed JSON body (undefined for 204). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.lang };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let url = API + path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined) qs.set(k, String(v));
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(networkProblem(url), null);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const problem = isProblem(payload) ? payload : fallbackProblem(res, url);
    const retry = Number(res.headers.get('retry-after'));
    if (res.status === 401 && !opts.quiet401) unauthorizedListeners.forEach((fn) => fn());
    throw new ApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return payload as T;
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'status' in x && 'code' in x;
}

function fallbackProblem(res: Response, url: string): Problem {
  return {
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
    detail: '',
    instance: url,
    code: res.status >= 500 ? 'internal' : 'http_error',
    requestId: res.headers.get('x-request-id') ?? '',
  };
}

function networkProblem(url: string): Problem {
  return { type: 'about:blank', title: 'Network error', status: 0, detail: '', instance: url, code: 'network', requestId: '' };
}

/** Path segment for an Ente slug. */
export const entePath = (slug: string) => `/enti/${encodeURIComponent(slug)}`;
