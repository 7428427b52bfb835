import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Reads a cookie from `document.cookie` at call time (the CSRF token rotates after sign-in). */
export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/**
 * A cheap same-origin GET that passes the backend's security filters (and the Vite dev proxy), used to
 * obtain a fresh `XSRF-TOKEN` cookie when there is none, e.g. right after sign-in or sign-out, when
 * the server drops the old token without setting the new one yet.
 */
export const CSRF_PRIME_PATH = '/actuator/health';

let priming: Promise<void> | null = null;

function primeCsrfCookie(requestUrl: string): Promise<void> {
  priming ??= globalThis
    .fetch(new URL(CSRF_PRIME_PATH, requestUrl).toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(
      () => undefined,
      () => undefined,
    )
    .finally(() => {
      priming = null;
    });
  return priming;
}

/**
 * Cookie-to-header CSRF protection: every state-changing request echoes the
 * current value of the `XSRF-TOKEN` cookie in the `X-XSRF-TOKEN` header.
 */
export const csrfMiddleware: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    let token = readCookie(CSRF_COOKIE);
    if (!token) {
      await primeCsrfCookie(request.url);
      token = readCookie(CSRF_COOKIE);
    }
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

export function createApiClient(baseUrl: string = defaultBaseUrl()) {
  const client = createClient<paths>({
    baseUrl,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    // Resolve fetch lazily so it can be replaced (tests, instrumentation) after module load.
    fetch: (request: Request) => globalThis.fetch(request),
  });
  client.use(csrfMiddleware);
  return client;
}

function defaultBaseUrl(): string {
  // Absolute same-origin URL: the Fetch API's Request constructor outside browsers rejects relative URLs.
  return typeof window !== 'undefined' && window.location?.origin && window.location.origin !== 'null'
    ? window.location.origin
    : '';
}

export const api = createApiClient();
export type ApiClient = ReturnType<typeof createApiClient>;

// ---------------------------------------------------------------------------
// RFC 9457 problem details
// ---------------------------------------------------------------------------

export interface ProblemFieldError {
  /** JSON pointer into the request body, e.g. `/email`. */
  pointer?: string | null;
  /** Name of a bad query or path parameter. */
  parameter?: string | null;
  field?: string;
  detail?: string;
  message?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  /** Server-side reference for unexpected errors, to quote to support. */
  incident?: string;
}

export interface FieldMessage {
  /** Machine name of the field, e.g. `organisationName`, when known. */
  field?: string;
  /** Human label, e.g. `Organisation name`. */
  label?: string;
  message: string;
}

export interface FormattedProblem {
  /** One-line summary suitable for an alert heading. */
  summary: string;
  /** Per-field messages, each naming its field. */
  fields: FieldMessage[];
  /** Everything as readable lines: the summary followed by `Label: message` lines. */
  lines: string[];
}

export function isProblem(value: unknown): value is Problem {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' || typeof v.detail === 'string' || typeof v.status === 'number';
}

/** `/organisationName` or `#/items/0/email` → `items.0.email` style field path. */
export function fieldFromPointer(pointer: string | null | undefined): string | undefined {
  if (!pointer) return undefined;
  const cleaned = pointer.replace(/^#/, '').replace(/^\//, '');
  if (!cleaned) return undefined;
  return cleaned
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** `organisationName` → `Organisation name`; `scopes.0` → `Scopes 1`. */
export function humanizeField(field: string): string {
  const last = field.split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? field;
  const words = last
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You need to sign in.',
  403: 'You do not have permission to do that.',
  404: 'Not found.',
  409: 'That conflicts with the current state.',
  410: 'This is no longer available.',
  422: 'The request could not be processed.',
  429: 'Too many attempts. Please wait and try again.',
  500: 'Something went wrong on our side.',
  502: 'The server is unavailable.',
  503: 'The service is temporarily unavailable.',
};

export function formatProblem(problem: Problem | undefined, status?: number): FormattedProblem {
  const effectiveStatus = problem?.status ?? status;
  const summary =
    problem?.detail?.trim() ||
    problem?.title?.trim() ||
    (effectiveStatus ? STATUS_TEXT[effectiveStatus] : undefined) ||
    (effectiveStatus ? `Request failed (HTTP ${effectiveStatus}).` : 'Request failed.');

  const fields: FieldMessage[] = (problem?.errors ?? [])
    .map((error): FieldMessage | null => {
      const message = (error.detail ?? error.message ?? '').trim();
      if (!message) return null;
      const field = fieldFromPointer(error.pointer) ?? error.parameter ?? error.field;
      return field ? { field, label: humanizeField(field), message } : { message };
    })
    .filter((x): x is FieldMessage => x !== null);

  const lines = [summary, ...fields.map((f) => (f.label ? `${f.label}: ${f.message}` : f.message))];
  if (problem?.incident) lines.push(`Reference: ${problem.incident}`);
  return { summary, fields, lines };
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem?: Problem;
  readonly formatted: FormattedProblem;
  /** Seconds from a `Retry-After` header (429/503), when present. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, problem?: Problem, retryAfterSeconds?: number) {
    const formatted = formatProblem(problem, status || undefined);
    super(formatted.lines.join('\n'));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.formatted = formatted;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static async fromResponse(response: Response, body?: unknown): Promise<ApiError> {
    let parsed = body;
    if (parsed === undefined) {
      try {
        const text = await response.clone().text();
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
    }
    if (typeof parsed === 'string') {
      try {
        parsed = JSON.parse(parsed);
      } catch {
        parsed = undefined;
      }
    }
    return new ApiError(response.status, isProblem(parsed) ? parsed : undefined, parseRetryAfter(response.headers.get('Retry-After')));
  }
}

export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('Could not reach Costwise. Check your connection and try again.', { cause });
    this.name = 'NetworkError';
  }
}

/** Readable lines for any error thrown by the API layer. */
export function errorLines(error: unknown): string[] {
  if (error instanceof ApiError) {
    const lines = [...error.formatted.lines];
    if (error.status === 429 && error.retryAfterSeconds !== undefined) {
      lines.push(`Try again in ${formatSeconds(error.retryAfterSeconds)}.`);
    }
    return lines;
  }
  if (error instanceof Error && error.message) return [error.message];
  return ['Something went wrong.'];
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Turns an openapi-fetch result into data, or throws an {@link ApiError}. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new NetworkError(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    throw await ApiError.fromResponse(response, error);
  }
  return data as T;
}
