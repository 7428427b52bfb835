import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError } from './api/client';
import { queryKeys } from './api/queries';

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false; // client errors will not fix themselves
  if (error instanceof NetworkError) return failureCount < 2;
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: handleUnauthorized }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // Mutations such as a password change answer 401 for a wrong password: that is not a lost session.
        if (!mutation.meta?.expectsUnauthorized) handleUnauthorized(error);
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: true, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });

  // A 401 from any call other than sign-in means the session ended: forget the user so the shell redirects to sign-in.
  function handleUnauthorized(error: unknown) {
    if (error instanceof ApiError && error.status === 401 && client.getQueryData(queryKeys.me)) {
      client.setQueryData(queryKeys.me, null);
    }
  }

  return client;
}
