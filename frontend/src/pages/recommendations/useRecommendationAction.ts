import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { changeRecommendation } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import type { Page, Recommendation, RecommendationAction, RecommendationDetail, RecommendationStatus } from '../../api/types';
import { ACTION_TARGET } from '../../lib/recommendations';

export interface ActionRequest {
  action: RecommendationAction;
  reason?: string;
}

interface Snapshot {
  detail: RecommendationDetail | undefined;
  lists: [QueryKey, unknown][];
}

type Lists = InfiniteData<Page<Recommendation>> | undefined;

function replaceInLists(data: Lists, id: string, change: (r: Recommendation) => Recommendation): Lists {
  if (!data?.pages) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((r) => (r.id === id ? change(r) : r)) })) };
}

/**
 * Accept, dismiss or mark applied. The new status shows at once in the detail and in every cached list (and is rolled
 * back if the server refuses, e.g. 409 when the status changed meanwhile); afterwards the detail (with its history), the
 * lists, the open savings and the calibration are refetched.
 */
export function useRecommendationAction(id: string) {
  const queryClient = useQueryClient();
  const detailKey = queryKeys.recommendation(id);

  return useMutation<Recommendation, unknown, ActionRequest, Snapshot>({
    mutationFn: ({ action, reason }) => changeRecommendation(id, action, reason),
    onMutate: async ({ action }) => {
      await Promise.all([
        queryClient.cancelQueries({ queryKey: detailKey }),
        queryClient.cancelQueries({ queryKey: queryKeys.recommendationLists }),
      ]);
      const snapshot: Snapshot = {
        detail: queryClient.getQueryData<RecommendationDetail>(detailKey),
        lists: queryClient.getQueriesData({ queryKey: queryKeys.recommendationLists }),
      };
      const status: RecommendationStatus = ACTION_TARGET[action];
      if (snapshot.detail) {
        queryClient.setQueryData<RecommendationDetail>(detailKey, {
          ...snapshot.detail,
          recommendation: { ...snapshot.detail.recommendation, status },
        });
      }
      queryClient.setQueriesData<Lists>({ queryKey: queryKeys.recommendationLists }, (data) => replaceInLists(data, id, (r) => ({ ...r, status })));
      return snapshot;
    },
    onError: (_error, _request, snapshot) => {
      if (!snapshot) return;
      if (snapshot.detail) queryClient.setQueryData(detailKey, snapshot.detail);
      for (const [key, data] of snapshot.lists) queryClient.setQueryData(key, data);
    },
    onSuccess: (updated) => {
      if (!updated?.id) return;
      queryClient.setQueryData<RecommendationDetail>(detailKey, (detail) => (detail ? { ...detail, recommendation: updated } : detail));
      queryClient.setQueriesData<Lists>({ queryKey: queryKeys.recommendationLists }, (data) => replaceInLists(data, id, () => updated));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: detailKey }),
        queryClient.invalidateQueries({ queryKey: queryKeys.recommendationLists }),
        queryClient.invalidateQueries({ queryKey: queryKeys.openSavings }),
        queryClient.invalidateQueries({ queryKey: queryKeys.calibration }),
      ]),
  });
}
