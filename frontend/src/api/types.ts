import type { paths } from './schema';

/*
 * Domain types are derived from the *paths* of the generated OpenAPI schema
 * (never from component schema names, which depend on the backend's DTO names).
 * `Strict` removes `?`/`undefined` from properties because springdoc marks
 * un-annotated DTO fields optional; nullable fields stay `| null`, and UI code
 * still treats absent values defensively.
 */

type OkStatus = 200 | 201 | 202;
type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M & keyof paths[P]]>;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : never;

export type OkBody<P extends keyof paths, M extends HttpMethod> = ContentOf<
  ResponsesOf<Operation<P, M>>[OkStatus & keyof ResponsesOf<Operation<P, M>>]
>;
export type RequestBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: { content: infer C } } ? C[keyof C] : never;

export type Strict<T> = T extends readonly (infer U)[]
  ? Strict<U>[]
  : T extends object
    ? { [K in keyof T]-?: Strict<Exclude<T[K], undefined>> }
    : T;

type ItemOf<T> = T extends { items?: readonly (infer I)[] | null } ? I : never;

export type Me = Strict<OkBody<'/api/v1/me', 'get'>>;
export type Tenant = Me['tenants'][number];
export type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';
export type Member = Strict<ItemOf<OkBody<'/api/v1/members', 'get'>>>;
export type Invitation = Strict<ItemOf<OkBody<'/api/v1/invitations', 'get'>>>;
export type InvitationPreview = Strict<OkBody<'/api/v1/invitations/preview', 'post'>>;
export type ApiKey = Strict<ItemOf<OkBody<'/api/v1/api-keys', 'get'>>>;
export type ApiKeyCreated = Strict<OkBody<'/api/v1/api-keys', 'post'>>;
export type Scope = 'telemetry:write' | 'read' | 'admin';
export type DemoSignIn = Strict<OkBody<'/api/v1/demo', 'get'>>;

// --- costs ---------------------------------------------------------------------

export type CostReport = Strict<OkBody<'/api/v1/costs', 'get'>>;
export type CostFigures = CostReport['totals'];
export type CostGroup = CostReport['groups'][number];
export type CostPoint = CostGroup['points'][number];
export type CostQueryParams = NonNullable<paths['/api/v1/costs']['get']['parameters']['query']>;
export type GroupBy = NonNullable<CostQueryParams['groupBy']>;
export type CostStep = NonNullable<CostQueryParams['step']>;
export type WorkloadKind = NonNullable<CostQueryParams['kind']>;
export type ExportFormat = 'focus' | 'csv';

/** A cost query as the pages hold it: days are UTC `YYYY-MM-DD`, `to` exclusive; empty filters are left out. */
export interface CostQuery {
  from: string;
  to: string;
  groupBy?: GroupBy;
  step?: CostStep;
  workload?: string;
  team?: string;
  project?: string;
  kind?: WorkloadKind;
  provider?: string;
  region?: string;
  gpuModel?: string;
}

export const COST_FILTERS = ['workload', 'team', 'project', 'kind', 'provider', 'region', 'gpuModel'] as const;
export type CostFilter = (typeof COST_FILTERS)[number];

/** The export takes the costs query's filters under the same names (`Pick` fails to compile if it does not). */
export type CostExportParams = NonNullable<paths['/api/v1/costs/export']['get']['parameters']['query']>;
export type CostExportFilters = Pick<CostExportParams, CostFilter>;

export const GROUP_BY_OPTIONS: readonly { value: GroupBy; label: string }[] = [
  { value: 'workload', label: 'Workload' },
  { value: 'team', label: 'Team' },
  { value: 'project', label: 'Project' },
  { value: 'kind', label: 'Kind' },
  { value: 'gpuModel', label: 'GPU model' },
  { value: 'provider', label: 'Provider' },
  { value: 'region', label: 'Region' },
  { value: 'instanceType', label: 'Instance type' },
  { value: 'purchaseOption', label: 'Purchase option' },
  { value: 'day', label: 'Day' },
];

export function groupByLabel(groupBy: GroupBy): string {
  return GROUP_BY_OPTIONS.find((o) => o.value === groupBy)?.label ?? groupBy;
}

/** The dimension in running text: `team`, `instance type`, but `GPU model`. */
export function groupByNoun(groupBy: GroupBy): string {
  const label = groupByLabel(groupBy);
  return /^[A-Z]{2}/.test(label) ? label : label.toLowerCase();
}

// --- workloads -----------------------------------------------------------------

export type Workload = Strict<OkBody<'/api/v1/workloads/{key}', 'get'>>;
export type WorkloadChanges = RequestBody<'/api/v1/workloads/{key}', 'patch'>;
export type UsageSeries = Strict<OkBody<'/api/v1/workloads/{key}/usage', 'get'>>;
export type UsagePoint = UsageSeries['points'][number];
export type WorkloadCost = Strict<OkBody<'/api/v1/workloads/{key}/cost', 'get'>>;
export type CostLine = WorkloadCost['lines'][number];
export type ResourceLine = CostLine['resources'][number];

// --- what-if ---------------------------------------------------------------------

/** A proposed configuration: fields left out keep the workload's current value. */
export type WhatIfRequest = RequestBody<'/api/v1/workloads/{key}/what-if', 'post'>;
export type WhatIfPrediction = Strict<OkBody<'/api/v1/workloads/{key}/what-if', 'post'>>;
export type WorkloadConfiguration = WhatIfPrediction['current'];

/** The precisions the performance model knows (DESIGN.md §4), widest first. */
export const PRECISIONS = ['FP32', 'TF32', 'BF16', 'FP16', 'FP8', 'INT8', 'INT4'] as const;

export const CONFIDENCE_LABELS: Record<ConfidenceLevel, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

export interface WorkloadFilters {
  q?: string;
  kind?: WorkloadKind;
  /** `name:value` the labels must hold. */
  label?: string;
}

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['TRAINING', 'INFERENCE', 'BATCH'];
export const KIND_LABELS: Record<WorkloadKind, string> = { TRAINING: 'Training', INFERENCE: 'Inference', BATCH: 'Batch' };

export function kindLabel(kind: string | null | undefined): string {
  return (kind && KIND_LABELS[kind as WorkloadKind]) || kind || 'Unspecified';
}

// --- pricing -------------------------------------------------------------------

type ArrayItem<T> = T extends readonly (infer I)[] ? I : never;

export type PriceOverride = Strict<ArrayItem<OkBody<'/api/v1/pricing/overrides', 'get'>>>;
export type GpuModel = Strict<ArrayItem<OkBody<'/api/v1/pricing/gpu-models', 'get'>>>;
export type EffectiveInstanceType = Strict<ArrayItem<OkBody<'/api/v1/pricing/instance-types', 'get'>>>;
export type DiscountRequest = RequestBody<'/api/v1/pricing/discounts/{provider}', 'put'>;
export type HourlyPriceRequest = RequestBody<'/api/v1/pricing/gpu-hour-prices/{gpuModel}', 'put'>;
export type PurchaseOption = 'ON_DEMAND' | 'SPOT' | 'RESERVED';

export const PROVIDERS = ['aws', 'gcp', 'azure', 'onprem'] as const;
export const CLOUD_PROVIDERS = ['aws', 'gcp', 'azure'] as const;
export const PROVIDER_LABELS: Record<string, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure', onprem: 'On premises' };
export const PURCHASE_OPTIONS: readonly PurchaseOption[] = ['ON_DEMAND', 'SPOT', 'RESERVED'];
export const PURCHASE_OPTION_LABELS: Record<PurchaseOption, string> = { ON_DEMAND: 'On demand', SPOT: 'Spot', RESERVED: 'Reserved' };

export function providerLabel(provider: string | null | undefined): string {
  return (provider && PROVIDER_LABELS[provider]) || provider || 'Unspecified';
}

export function purchaseOptionLabel(option: string | null | undefined): string {
  return (option && PURCHASE_OPTION_LABELS[option as PurchaseOption]) || option || 'Unspecified';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// --- report subscriptions --------------------------------------------------------

/** With `lastDelivery`, the newest entry of its delivery log (a `ReportDelivery`), and `createdByEmail`, the creator's address where they are still a member. */
export type ReportSubscription = Strict<ArrayItem<OkBody<'/api/v1/report-subscriptions', 'get'>>>;
export type SubscriptionRequest = RequestBody<'/api/v1/report-subscriptions', 'post'>;
export type ReportDelivery = Strict<ArrayItem<OkBody<'/api/v1/report-subscriptions/{id}/deliveries', 'get'>>>;
/** `html` is self-contained: the chart the e-mail attaches (`cid:`) is embedded as a `data:image/png` URI. */
export type ReportPreview = Strict<OkBody<'/api/v1/report-subscriptions/{id}/preview', 'post'>>;
export type Cadence = ReportSubscription['cadence'];
export type DayOfWeek = NonNullable<ReportSubscription['dayOfWeek']>;
export type ReportContent = ReportSubscription['content'][number];

export const CADENCES: readonly { value: Cadence; label: string }[] = [
  { value: 'DAILY', label: 'Daily' },
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'MONTHLY', label: 'Monthly' },
];

export const DAYS_OF_WEEK: readonly DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export const REPORT_CONTENTS: readonly { value: ReportContent; label: string; description: string }[] = [
  { value: 'COST_SUMMARY', label: 'Cost summary', description: 'billed, utilization-adjusted and idle cost against the previous period, with a daily chart' },
  { value: 'TOP_MOVERS', label: 'Top movers', description: 'the costliest workloads and the largest increases' },
  { value: 'OPEN_RECOMMENDATIONS', label: 'Open recommendations', description: 'what they would save per month' },
  { value: 'VERIFIED_SAVINGS', label: 'Verified savings', description: 'savings confirmed in the period' },
];

export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];
export const SCOPES: readonly { value: Scope; label: string; description: string }[] = [
  { value: 'telemetry:write', label: 'telemetry:write', description: 'Send AI workload telemetry to Costwise.' },
  { value: 'read', label: 'read', description: 'Read organisation data such as members and costs.' },
  { value: 'admin', label: 'admin', description: 'Manage members, invitations and API keys.' },
];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MEMBER: 'Member',
  VIEWER: 'Viewer',
};

export function roleLabel(role: string | null | undefined): string {
  return (role && ROLE_LABELS[role as Role]) || role || 'Unknown';
}

export function canManage(role: string | null | undefined): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}

/** Changing the tenant's data (e.g. workload settings): MEMBER and above. */
export function canWrite(role: string | null | undefined): boolean {
  return canManage(role) || role === 'MEMBER';
}

// --- recommendations -------------------------------------------------------------

type RecommendationWire = Strict<OkBody<'/api/v1/recommendations/{id}', 'get'>>['recommendation'];

/** Realized against predicted savings; present once a recommendation was applied. */
export type RecommendationVerification = RecommendationWire['verification'];

/** A recommendation; `verification` is `null` until it is applied (the contract does not say so). */
export type Recommendation = Omit<RecommendationWire, 'verification'> & { verification: RecommendationVerification | null };
export type RecommendationEvent = Strict<OkBody<'/api/v1/recommendations/{id}', 'get'>>['history'][number];
export interface RecommendationDetail {
  recommendation: Recommendation;
  history: RecommendationEvent[];
}
export type RecommendationType = Recommendation['type'];
export type RecommendationStatus = Recommendation['status'];
export type ConfidenceLevel = Recommendation['confidence']['level'];
/** Where and how a workload runs, as a recommendation compares it; `null` parts are unknown. */
export type RecommendationConfiguration = Recommendation['current'];
export type OpenSavings = Strict<OkBody<'/api/v1/recommendations/savings', 'get'>>;
type CalibrationWire = Strict<OkBody<'/api/v1/recommendations/calibration', 'get'>>;
/** One recommender type's record; the shares are `null` where nothing was predicted. */
export type CalibrationType = Omit<CalibrationWire['types'][number], 'realizedShare' | 'medianRealizedShare'> & {
  realizedShare: number | null;
  medianRealizedShare: number | null;
};
export interface Calibration {
  types: CalibrationType[];
}
/** What a member can do with a recommendation (the path segment of the action). */
export type RecommendationAction = 'accept' | 'dismiss' | 'apply';

/** Which workloads' open savings to add up: those with a team and project label, or all. */
export interface SavingsScope {
  team?: string;
  project?: string;
}

export interface RecommendationFilters {
  workload?: string;
  type?: RecommendationType;
  status?: RecommendationStatus;
  confidence?: ConfidenceLevel;
  /** USD per month. */
  minSavings?: number;
  /** Only workloads with this team label. */
  team?: string;
  /** Only workloads with this project label. */
  project?: string;
}
