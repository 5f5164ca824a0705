import type { Block } from './blocks.js';

/** The Admin API, as the newsroom calls it: same-origin fetch with the session cookie and the CSRF token. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    super(typeof problem.detail === 'string' ? problem.detail : `HTTP ${status}`);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** A request that outlives the page (closing the tab, reloading): used to let go of the edit lock. */
export function requestOnUnload(method: string, path: string): void {
  void fetch(path, { method, keepalive: true, credentials: 'same-origin', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} }).catch(() => undefined);
}

export async function request<T>(method: string, path: string, body?: unknown, init: { form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (init.form) payload = init.form;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(payload !== undefined ? { body: payload } : {}) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Record<string, unknown>);
  return parsed as T;
}

/**
 * A multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). Same cookie, CSRF
 * token and problem+json errors as `request()`.
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (loaded: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(new ApiError(xhr.status, (parsed ?? {}) as Record<string, unknown>));
    });
    xhr.addEventListener('error', () => reject(new Error('network error')));
    xhr.send(form);
  });
}

export interface Account {
  id: number;
  email: string;
  name: string;
  role: 'contributor' | 'author' | 'editor' | 'admin';
  language: 'ko' | 'en';
}

export interface Credit {
  name: string;
  role: string;
  organization: string | null;
  email: string | null;
  authorSlug?: string | null;
}

export interface Article {
  id: number;
  language: 'ko' | 'en';
  type: string;
  headline: string;
  dek: string;
  body: Block[];
  section: string;
  tags: string[];
  credits: Credit[];
  dateline: string;
  breaking: boolean;
  featuredImage: number | null;
  seoTitle: string;
  seoDescription: string;
  socialTitle: string;
  socialDescription: string;
  socialImage: number | null;
  status: string;
  revision: number;
  createdBy: number | null;
  updatedAt: string;
  scheduledAt: string | null;
  publishedAt: string | null;
  url: string | null;
  slug: string;
  translationGroup: string;
  translations: { id: number; language: 'ko' | 'en'; status: string }[];
  embargoUntil: string | null;
  unpublishAt: string | null;
  corrections: Correction[];
}

export interface Correction {
  id: number;
  kind: 'correction' | 'clarification';
  text: string;
  createdAt: string;
}

export interface Revision {
  revision: number;
  createdAt: string;
  createdBy: number | null;
  createdByName: string | null;
  snapshot: Record<string, unknown>;
}

export interface Media {
  id: number;
  url: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  usageTerms?: string;
  /** 0..1 from the left and from the top. */
  focalX?: number;
  focalY?: number;
}

export interface Section {
  slug: string;
  nameKo: string;
  nameEn: string;
}

export interface LockInfo {
  holder: { id: number; name: string };
  expiresAt: string;
  mine: boolean;
  /** Another editor asked the holder to let go (lock request). */
  requestedBy?: { id: number; name: string; at: string } | null;
}
