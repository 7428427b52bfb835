import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  fetchCosts,
  fetchMe,
  getCalibration,
  getOpenSavings,
  getRecommendation,
  getWorkload,
  getWorkloadCost,
  getWorkloadUsage,
  listGpuModels,
  listInstanceTypes,
  listPriceOverrides,
  listReportDeliveries,
  listReportSubscriptions,
  listRecommendations,
  listWorkloads,
  predictWhatIf,
} from './endpoints';
import type { CostQuery, Me, Page, RecommendationFilters, SavingsScope, WorkloadFilters } from './types';

export const queryKeys = {
  me: ['me'] as const,
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  apiKeys: ['api-keys'] as const,
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
  costs: (query: CostQuery) => ['costs', query] as const,
  workloads: (filters: WorkloadFilters) => ['workloads', filters] as const,
  workload: (key: string) => ['workload', key] as const,
  workloadUsage: (key: string, range: { from: string; to: string; step: string }) => ['workload-usage', key, range] as const,
  workloadCost: (key: string, range: { from: string; to: string }) => ['workload-cost', key, range] as const,
  priceOverrides: ['price-overrides'] as const,
  gpuModels: ['gpu-models'] as const,
  instanceTypes: (filter: { provider?: string; region?: string }) => ['instance-types', filter] as const,
  whatIfCurrent: (key: string) => ['what-if-current', key] as const,
  reportSubscriptions: ['report-subscriptions'] as const,
  reportDeliveries: (id: string) => ['report-deliveries', id] as const,
  reportPreview: (id: string) => ['report-preview', id] as const,
  /** Every recommendation list starts with this key (invalidate it after a status change). */
  recommendationLists: ['recommendations'] as const,
  recommendations: (filters: RecommendationFilters, limit: number) => ['recommendations', filters, limit] as const,
  recommendation: (id: string) => ['recommendation', id] as const,
  openSavings: ['recommendation-savings'] as const,
  calibration: ['recommendation-calibration'] as const,
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

/**
 * Costs change whenever telemetry arrives (the server recomputes them within seconds): cost queries are
 * refetched on every visit and once a minute while a page is open.
 */
const LIVE = { staleTime: 0, refetchInterval: 60_000 } as const;

/**
 * A cost report. While a changed query loads, the previous report stays on screen (`isPlaceholderData`)
 * so that charts and tables do not flash empty.
 */
export function useCosts(query: CostQuery | null) {
  return useQuery({
    queryKey: queryKeys.costs(query ?? { from: '', to: '' }),
    queryFn: () => fetchCosts(query!),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    ...LIVE,
  });
}

export function useWorkloads(filters: WorkloadFilters) {
  return usePagedList(queryKeys.workloads(filters), (cursor) => listWorkloads(filters, cursor));
}

export function useWorkload(key: string) {
  return useQuery({ queryKey: queryKeys.workload(key), queryFn: () => getWorkload(key) });
}

/** Keeps the previous period's data on screen while another period loads, but never another workload's. */
function sameWorkload(key: string) {
  return <T,>(previous: T | undefined, previousQuery?: { queryKey: readonly unknown[] }) =>
    previousQuery?.queryKey[1] === key ? previous : undefined;
}

export function useWorkloadUsage(key: string, range: { from: string; to: string; step: string }) {
  return useQuery({
    queryKey: queryKeys.workloadUsage(key, range),
    queryFn: () => getWorkloadUsage(key, range),
    placeholderData: sameWorkload(key),
    ...LIVE,
  });
}

export function useWorkloadCost(key: string, range: { from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: queryKeys.workloadCost(key, range),
    queryFn: () => getWorkloadCost(key, range),
    enabled,
    placeholderData: sameWorkload(key),
    ...LIVE,
  });
}

export function usePriceOverrides() {
  return useQuery({ queryKey: queryKeys.priceOverrides, queryFn: listPriceOverrides });
}

/** The catalog changes rarely: cached for the session. */
export function useGpuModels() {
  return useQuery({ queryKey: queryKeys.gpuModels, queryFn: listGpuModels, staleTime: 10 * 60_000 });
}

export function useInstanceTypes(filter: { provider?: string; region?: string }, enabled = true) {
  return useQuery({
    queryKey: queryKeys.instanceTypes(filter),
    queryFn: () => listInstanceTypes(filter),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * The workload's current configuration and figures: a what-if that proposes nothing. Read on demand
 * (it reads 30 days of telemetry), kept for a few minutes.
 */
export function useWhatIfCurrent(key: string) {
  return useQuery({ queryKey: queryKeys.whatIfCurrent(key), queryFn: () => predictWhatIf(key, {}), staleTime: 5 * 60_000 });
}

export function useReportSubscriptions() {
  return useQuery({ queryKey: queryKeys.reportSubscriptions, queryFn: listReportSubscriptions });
}

/** A subscription's delivery log, newest first. The list of subscriptions carries each one's last delivery already. */
export function useReportDeliveries(id: string) {
  return useQuery({ queryKey: queryKeys.reportDeliveries(id), queryFn: () => listReportDeliveries(id) });
}

// --- recommendations -------------------------------------------------------------

/** Recommendations matching the filters, largest savings first, a page of `limit` at a time. */
export function useRecommendations(filters: RecommendationFilters, limit = 50) {
  return usePagedList(queryKeys.recommendations(filters, limit), (cursor) => listRecommendations(filters, cursor, limit));
}

export function useRecommendation(id: string) {
  return useQuery({ queryKey: queryKeys.recommendation(id), queryFn: () => getRecommendation(id) });
}

export function useOpenSavings(scope: SavingsScope = {}) {
  return useQuery({ queryKey: [...queryKeys.openSavings, scope], queryFn: () => getOpenSavings(scope) });
}

export function useCalibration() {
  return useQuery({ queryKey: queryKeys.calibration, queryFn: getCalibration });
}

export { useQueryClient };
