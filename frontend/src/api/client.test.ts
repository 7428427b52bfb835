import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, errorLines, formatProblem, humanizeField, parseRetryAfter, readCookie, unwrap } from './client';
import { json, mockFetch, noContent, problem } from '../test/utils';

describe('CSRF middleware', () => {
  it('sends the current XSRF-TOKEN cookie as X-XSRF-TOKEN on state-changing requests', async () => {
    document.cookie = 'XSRF-TOKEN=first-token; path=/';
    const fetchMock = mockFetch({ 'POST /api/v1/session': () => json({}), 'DELETE /api/v1/session': () => noContent() });
    const client = createApiClient('http://localhost:3000');

    await client.POST('/api/v1/session', { body: { email: 'a@example.com', password: 'pw' } });
    // The token rotates after sign-in: the header must follow the cookie at request time.
    document.cookie = 'XSRF-TOKEN=rotated%2Ftoken; path=/';
    await client.DELETE('/api/v1/session');

    const [first, second] = fetchMock.mock.calls.map(([req]) => req as Request);
    expect(first.headers.get('X-XSRF-TOKEN')).toBe('first-token');
    expect(second.headers.get('X-XSRF-TOKEN')).toBe('rotated/token');
    expect(first.credentials).toBe('same-origin');
  });

  it('does not add the header to GET requests', async () => {
    document.cookie = 'XSRF-TOKEN=abc; path=/';
    const fetchMock = mockFetch({ 'GET /api/v1/me': () => json({}) });
    await createApiClient('http://localhost:3000').GET('/api/v1/me');
    const request = fetchMock.mock.calls[0][0] as Request;
    expect(request.headers.has('X-XSRF-TOKEN')).toBe(false);
  });

  it('fetches a fresh token first when the cookie is missing (e.g. right after sign-out)', async () => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    const fetchMock = mockFetch({
      'GET /actuator/health': () => {
        document.cookie = 'XSRF-TOKEN=fresh-token; path=/'; // what the server's Set-Cookie does
        return json({ status: 'UP' });
      },
      'POST /api/v1/session': () => json({}),
    });
    await createApiClient('http://localhost:3000').POST('/api/v1/session', { body: { email: 'a@example.com', password: 'pw' } });

    const urls = fetchMock.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
    expect(urls).toEqual(['http://localhost:3000/actuator/health', 'http://localhost:3000/api/v1/session']);
    expect((fetchMock.mock.calls[1][0] as Request).headers.get('X-XSRF-TOKEN')).toBe('fresh-token');
  });

  it('still sends the request (without header) when no token can be obtained', async () => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    const fetchMock = mockFetch({ 'POST /api/v1/signup': () => json({}, 201) });
    await createApiClient('http://localhost:3000').POST('/api/v1/signup', {
      body: { organisationName: 'Acme', email: 'a@example.com', password: 'pw' },
    });
    const post = fetchMock.mock.calls.map(([r]) => r).find((r) => r instanceof Request) as Request;
    expect(post.method).toBe('POST');
    expect(post.headers.has('X-XSRF-TOKEN')).toBe(false);
  });
});

describe('readCookie', () => {
  it('finds a cookie among several and decodes it', () => {
    expect(readCookie('XSRF-TOKEN', 'SESSION=x; XSRF-TOKEN=a%3Db; other=1')).toBe('a=b');
    expect(readCookie('MISSING', 'a=1')).toBeUndefined();
  });
});

describe('problem+json formatting', () => {
  it('shows the detail and names each invalid field', () => {
    const formatted = formatProblem({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Validation failed',
      errors: [
        { pointer: '/organisationName', detail: 'must not be blank' },
        { pointer: '#/email', detail: 'must be a well-formed email address' },
      ],
    });
    expect(formatted.summary).toBe('Validation failed');
    expect(formatted.lines).toEqual([
      'Validation failed',
      'Organisation name: must not be blank',
      'Email: must be a well-formed email address',
    ]);
    expect(formatted.fields.map((f) => f.field)).toEqual(['organisationName', 'email']);
  });

  it('names bad query parameters and quotes the incident reference', () => {
    const formatted = formatProblem({
      status: 400,
      detail: 'Invalid parameters',
      errors: [{ pointer: null, parameter: 'limit', detail: 'must be at most 200' }],
      incident: 'inc-42',
    });
    expect(formatted.lines).toEqual(['Invalid parameters', 'Limit: must be at most 200', 'Reference: inc-42']);
  });

  it('falls back to the title, then to a status message', () => {
    expect(formatProblem({ title: 'Conflict', status: 409 }).summary).toBe('Conflict');
    expect(formatProblem(undefined, 403).summary).toBe('You do not have permission to do that.');
    expect(formatProblem(undefined, 418).summary).toBe('Request failed (HTTP 418).');
  });

  it('humanizes nested pointers', () => {
    expect(humanizeField('scopes.0')).toBe('Scopes');
    expect(humanizeField('newPassword')).toBe('New password');
  });

  it('unwrap throws an ApiError carrying the problem and Retry-After', async () => {
    mockFetch({
      'POST /api/v1/session': () =>
        problem(429, { title: 'Too Many Requests', detail: 'Too many sign-in attempts.' }, { 'Retry-After': '30' }),
    });
    const client = createApiClient('http://localhost:3000');
    const error = await unwrap(client.POST('/api/v1/session', { body: { email: 'a@b.c', password: 'x' } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(errorLines(error)).toEqual(['Too many sign-in attempts.', 'Try again in 30 seconds.']);
  });

  it('unwrap tolerates non-JSON error bodies', async () => {
    mockFetch({ 'GET /api/v1/me': () => new Response('<html>oops</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }) });
    const error = await unwrap(createApiClient('http://localhost:3000').GET('/api/v1/me')).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('The server is unavailable.');
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
