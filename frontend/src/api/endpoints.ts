import { api, ApiError, unwrap } from './client';
import type {
  ApiKey,
  ApiKeyCreated,
  Calibration,
  CostExportFilters,
  CostExportParams,
  CostQuery,
  CostReport,
  DemoSignIn,
  DiscountRequest,
  EffectiveInstanceType,
  ExportFormat,
  GpuModel,
  HourlyPriceRequest,
  Invitation,
  InvitationPreview,
  Me,
  Member,
  OpenSavings,
  Page,
  PriceOverride,
  PurchaseOption,
  ReportDelivery,
  ReportPreview,
  ReportSubscription,
  Recommendation,
  RecommendationAction,
  RecommendationDetail,
  RecommendationFilters,
  SavingsScope,
  Role,
  Scope,
  SubscriptionRequest,
  Tenant,
  UsageSeries,
  Workload,
  WorkloadChanges,
  WorkloadCost,
  WorkloadFilters,
  WhatIfPrediction,
  WhatIfRequest,
} from './types';

/*
 * The single place that knows URLs and payloads. Pages call these functions,
 * so a change in the generated contract only needs adapting here.
 */

/** Cursor pagination parameters (typed loosely so the page param names can evolve in the contract). */
function pageQuery(cursor?: string | null): never {
  return (cursor ? { query: { cursor } } : {}) as never;
}

function toPage<T>(body: unknown): Page<T> {
  const page = (body ?? {}) as { items?: T[] | null; nextCursor?: string | null };
  return { items: page.items ?? [], nextCursor: page.nextCursor ?? null };
}

// --- session -----------------------------------------------------------------

/** The signed-in user, or `null` when not signed in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return (await unwrap(api.GET('/api/v1/me'))) as Me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signUp(body: { organisationName: string; email: string; password: string }): Promise<Me> {
  return (await unwrap(api.POST('/api/v1/signup', { body }))) as Me;
}

export async function signIn(body: { email: string; password: string }): Promise<Me> {
  return (await unwrap(api.POST('/api/v1/session', { body }))) as Me;
}

/** The demo organisation's sign-in where this installation offers one (local runs), else `null` (204). */
export async function fetchDemoSignIn(): Promise<DemoSignIn | null> {
  const result = await api.GET('/api/v1/demo');
  if (result.response.status === 204) return null;
  return (await unwrap(Promise.resolve(result))) as DemoSignIn;
}

export async function signOut(): Promise<void> {
  await unwrap(api.DELETE('/api/v1/session'));
}

export async function switchTenant(tenantId: string): Promise<Me> {
  return (await unwrap(api.PUT('/api/v1/session/tenant', { body: { tenantId } }))) as Me;
}

export async function createTenant(name: string): Promise<Tenant> {
  return (await unwrap(api.POST('/api/v1/tenants', { body: { name } }))) as Tenant;
}

export async function changePassword(body: { currentPassword: string; newPassword: string }): Promise<void> {
  await unwrap(api.PUT('/api/v1/me/password', { body }));
}

// --- members -----------------------------------------------------------------

export async function listMembers(cursor?: string | null): Promise<Page<Member>> {
  return toPage<Member>(await unwrap(api.GET('/api/v1/members', { params: pageQuery(cursor) })));
}

export async function changeMemberRole(userId: string, role: Role): Promise<Member> {
  return (await unwrap(api.PATCH('/api/v1/members/{userId}', { params: { path: { userId } }, body: { role } }))) as Member;
}

export async function removeMember(userId: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/members/{userId}', { params: { path: { userId } } }));
}

// --- invitations -------------------------------------------------------------

export async function listInvitations(cursor?: string | null): Promise<Page<Invitation>> {
  return toPage<Invitation>(await unwrap(api.GET('/api/v1/invitations', { params: pageQuery(cursor) })));
}

export async function createInvitation(body: { email: string; role: Role }): Promise<Invitation> {
  return (await unwrap(api.POST('/api/v1/invitations', { body }))) as Invitation;
}

export async function revokeInvitation(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/invitations/{invitationId}', { params: { path: { invitationId: id } } }));
}

export async function previewInvitation(token: string): Promise<InvitationPreview> {
  return (await unwrap(api.POST('/api/v1/invitations/preview', { body: { token } }))) as InvitationPreview;
}

export async function acceptInvitation(token: string, password?: string): Promise<Me> {
  const body = password ? { token, password } : { token };
  return (await unwrap(api.POST('/api/v1/invitations/accept', { body }))) as Me;
}

// --- API keys ----------------------------------------------------------------

export async function listApiKeys(cursor?: string | null): Promise<Page<ApiKey>> {
  return toPage<ApiKey>(await unwrap(api.GET('/api/v1/api-keys', { params: pageQuery(cursor) })));
}

export async function createApiKey(body: { name: string; scopes: Scope[] }): Promise<ApiKeyCreated> {
  return (await unwrap(api.POST('/api/v1/api-keys', { body }))) as ApiKeyCreated;
}

export async function revokeApiKey(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: id } } }));
}

// --- report subscriptions ----------------------------------------------------------

/** Admins get every subscription of the tenant, other members their own. */
/** Stops a report for the recipient the signed link names; answers the address unsubscribed. */
export async function unsubscribeFromReport(token: string): Promise<string> {
  const body = await unwrap(api.POST('/api/v1/report-unsubscribe', { params: { query: { token } } }));
  return (body as { email: string }).email;
}

export async function listReportSubscriptions(): Promise<ReportSubscription[]> {
  return ((await unwrap(api.GET('/api/v1/report-subscriptions'))) ?? []) as ReportSubscription[];
}

export async function createReportSubscription(body: SubscriptionRequest): Promise<ReportSubscription> {
  return (await unwrap(api.POST('/api/v1/report-subscriptions', { body }))) as ReportSubscription;
}

/** Fields left out stay; an empty `team`, `project` or `label` clears that filter. */
export async function changeReportSubscription(id: string, body: SubscriptionRequest): Promise<ReportSubscription> {
  return (await unwrap(api.PATCH('/api/v1/report-subscriptions/{id}', { params: { path: { id } }, body }))) as ReportSubscription;
}

export async function deleteReportSubscription(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/report-subscriptions/{id}', { params: { path: { id } } }));
}

/** The latest 100 deliveries, newest first. */
export async function listReportDeliveries(id: string): Promise<ReportDelivery[]> {
  return ((await unwrap(api.GET('/api/v1/report-subscriptions/{id}/deliveries', { params: { path: { id } } }))) ?? []) as ReportDelivery[];
}

/** The report rendered as it would go out now (HTML and plain text); nothing is sent. */
export async function previewReport(id: string): Promise<ReportPreview> {
  return (await unwrap(api.POST('/api/v1/report-subscriptions/{id}/preview', { params: { path: { id } } }))) as ReportPreview;
}

// --- costs -------------------------------------------------------------------

/** Drops empty strings and undefined values so that they do not reach the query string. */
function compact<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

export async function fetchCosts(query: CostQuery): Promise<CostReport> {
  return (await unwrap(api.GET('/api/v1/costs', { params: { query: compact(query) } }))) as CostReport;
}

/**
 * Where the browser downloads the cost records of a period (UTC days, `to` exclusive), narrowed by
 * the same filters as the costs query; empty filters are left out. A plain link: the session cookie
 * authenticates it, and the server names the file.
 */
export function costExportUrl(format: ExportFormat, from: string, to: string, filters: CostExportFilters = {}): string {
  const query: CostExportParams = { format, from, to, ...compact(filters) };
  return `/api/v1/costs/export?${new URLSearchParams(query as Record<string, string>)}`;
}

// --- workloads -----------------------------------------------------------------

export async function listWorkloads(filters: WorkloadFilters, cursor?: string | null, limit = 50): Promise<Page<Workload>> {
  const query = compact({ ...filters, cursor: cursor ?? undefined, limit });
  return toPage<Workload>(await unwrap(api.GET('/api/v1/workloads', { params: { query } })));
}

export async function getWorkload(key: string): Promise<Workload> {
  return (await unwrap(api.GET('/api/v1/workloads/{key}', { params: { path: { key } } }))) as Workload;
}

/** A JSON merge patch: fields left out stay as they are, `null` clears. */
export async function changeWorkload(key: string, changes: WorkloadChanges): Promise<Workload> {
  return (await unwrap(
    api.PATCH('/api/v1/workloads/{key}', {
      params: { path: { key } },
      body: changes,
      headers: { 'Content-Type': 'application/merge-patch+json' },
    }),
  )) as Workload;
}

/** Usage over time; `from`/`to` are RFC 3339 instants, `step` e.g. `1h` or `1d`. */
export async function getWorkloadUsage(key: string, range: { from: string; to: string; step: string }): Promise<UsageSeries> {
  return (await unwrap(api.GET('/api/v1/workloads/{key}/usage', { params: { path: { key }, query: range } }))) as UsageSeries;
}

/** The cost explanation of a workload over UTC days (`to` exclusive). */
export async function getWorkloadCost(key: string, range: { from: string; to: string }): Promise<WorkloadCost> {
  return (await unwrap(api.GET('/api/v1/workloads/{key}/cost', { params: { path: { key }, query: range } }))) as WorkloadCost;
}

/** Predicts a proposed configuration; `{}` answers the workload's current configuration and figures. */
export async function predictWhatIf(key: string, proposed: WhatIfRequest): Promise<WhatIfPrediction> {
  return (await unwrap(api.POST('/api/v1/workloads/{key}/what-if', { params: { path: { key } }, body: proposed }))) as WhatIfPrediction;
}

// --- pricing -------------------------------------------------------------------

export async function listPriceOverrides(): Promise<PriceOverride[]> {
  return ((await unwrap(api.GET('/api/v1/pricing/overrides'))) ?? []) as PriceOverride[];
}

export async function listGpuModels(): Promise<GpuModel[]> {
  return ((await unwrap(api.GET('/api/v1/pricing/gpu-models'))) ?? []) as GpuModel[];
}

export async function listInstanceTypes(filter: { provider?: string; region?: string }): Promise<EffectiveInstanceType[]> {
  return ((await unwrap(api.GET('/api/v1/pricing/instance-types', { params: { query: compact(filter) } }))) ?? []) as EffectiveInstanceType[];
}

export async function setProviderDiscount(provider: string, body: DiscountRequest): Promise<PriceOverride> {
  return (await unwrap(api.PUT('/api/v1/pricing/discounts/{provider}', { params: { path: { provider } }, body }))) as PriceOverride;
}

export async function setInstancePrice(
  target: { provider: string; region: string; instanceType: string; purchaseOption: PurchaseOption },
  body: HourlyPriceRequest,
): Promise<PriceOverride> {
  return (await unwrap(
    api.PUT('/api/v1/pricing/instance-prices/{provider}/{region}/{instanceType}/{purchaseOption}', { params: { path: target }, body }),
  )) as PriceOverride;
}

export async function setGpuHourPrice(gpuModel: string, body: HourlyPriceRequest): Promise<PriceOverride> {
  return (await unwrap(api.PUT('/api/v1/pricing/gpu-hour-prices/{gpuModel}', { params: { path: { gpuModel } }, body }))) as PriceOverride;
}

// --- recommendations -------------------------------------------------------------

/** Recommendations, largest monthly savings first. */
export async function listRecommendations(filters: RecommendationFilters, cursor?: string | null, limit = 50): Promise<Page<Recommendation>> {
  const query = compact({ ...filters, cursor: cursor ?? undefined, limit });
  return toPage<Recommendation>(await unwrap(api.GET('/api/v1/recommendations', { params: { query } })));
}

export async function getRecommendation(id: string): Promise<RecommendationDetail> {
  const detail = (await unwrap(api.GET('/api/v1/recommendations/{id}', { params: { path: { id } } }))) as Partial<RecommendationDetail>;
  return { recommendation: detail.recommendation as Recommendation, history: detail.history ?? [] };
}

const ACTION_PATHS = {
  accept: '/api/v1/recommendations/{id}/accept',
  dismiss: '/api/v1/recommendations/{id}/dismiss',
  apply: '/api/v1/recommendations/{id}/apply',
} as const;

/** Accepts, dismisses or marks applied; the reason (optional) is kept in the history. A 409 means the status does not allow it. */
export async function changeRecommendation(id: string, action: RecommendationAction, reason?: string): Promise<Recommendation> {
  const body = { reason: reason?.trim() || null };
  return (await unwrap(api.POST(ACTION_PATHS[action], { params: { path: { id } }, body }))) as Recommendation;
}

/** Open monthly savings per workload and in total, without double counting alternatives. */
/** The open savings of the workloads with a team and project label, or of all. */
export async function getOpenSavings(scope: SavingsScope = {}): Promise<OpenSavings> {
  const query = compact({ team: scope.team, project: scope.project });
  return (await unwrap(api.GET('/api/v1/recommendations/savings', { params: { query } }))) as OpenSavings;
}

/** Predicted against realized savings per recommendation type. */
export async function getCalibration(): Promise<Calibration> {
  const calibration = (await unwrap(api.GET('/api/v1/recommendations/calibration'))) as Partial<Calibration>;
  return { types: calibration.types ?? [] };
}
