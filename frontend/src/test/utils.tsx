import type { ReactElement } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../queryClient';
import type { Me } from '../api/types';

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/**
 * Stubs global fetch with a route table keyed by `METHOD /path` (query string ignored).
 * Returns the mock so tests can inspect the Request objects that were sent.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const mock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const handler = routes[key];
    if (!handler) {
      return problem(404, { title: 'Not Found', detail: `No mock for ${key}` });
    }
    return handler(request.clone());
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

/** Requests sent through a fetch mock, as `{ method, path, body, headers }`. */
export async function sentRequests(mock: ReturnType<typeof mockFetch>) {
  return Promise.all(
    mock.mock.calls.map(async ([input]) => {
      const request = input instanceof Request ? input.clone() : new Request(String(input));
      const text = await request.text();
      return {
        method: request.method,
        path: new URL(request.url).pathname,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    }),
  );
}

export const tenantA = { id: '11111111-1111-1111-1111-111111111111', name: 'Acme AI', role: 'OWNER' as const };
export const tenantB = { id: '22222222-2222-2222-2222-222222222222', name: 'Beta Labs', role: 'VIEWER' as const };

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    userId: 'aaaaaaaa-0000-0000-0000-000000000001',
    email: 'ada@example.com',
    currentTenant: tenantA,
    tenants: [tenantA, tenantB],
    ...overrides,
  } as Me;
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

interface RenderOptions {
  route?: string;
  /** Route pattern the element is mounted at (defaults to the route's pathname). */
  path?: string;
  queryClient?: QueryClient;
  /** Extra routes, e.g. redirect targets. */
  extraRoutes?: ReactElement;
}

export function renderWithProviders(element: ReactElement, options: RenderOptions = {}) {
  const route = options.route ?? '/';
  const path = options.path ?? route.split('?')[0];
  const queryClient = options.queryClient ?? createQueryClient();
  queryClient.setDefaultOptions({
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
    mutations: { retry: false },
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[route]}>
        <Routes>
          <Route path={path} element={element} />
          {options.extraRoutes}
          <Route path="*" element={<div>Other page</div>} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}
