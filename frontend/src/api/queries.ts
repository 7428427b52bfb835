import { useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fetchMe } from './endpoints';
import type { Me, Page } from './types';

export const queryKeys = {
  me: ['me'] as const,
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 30_000 });
}

/** The signed-in user inside the authenticated shell (where `me` is guaranteed loaded). */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser must be used inside the authenticated shell');
  return data;
}

/** After a sign-in/accept/switch: store the new user and drop everything cached for the previous session or tenant. */
export function startSession(queryClient: QueryClient, me: Me) {
  queryClient.setQueryData(queryKeys.me, me);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
}

export function usePagedList<T>(key: readonly unknown[], fetchPage: (cursor?: string | null) => Promise<Page<T>>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

export { useQueryClient };
