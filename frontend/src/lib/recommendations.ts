import {
  providerLabel,
  purchaseOptionLabel,
  type ConfidenceLevel,
  type RecommendationAction,
  type RecommendationConfiguration,
  type RecommendationStatus,
  type RecommendationType,
} from '../api/types';

/** Recommendation vocabulary in words (DESIGN.md §6), for labels, filters and badges. */

export const RECOMMENDATION_TYPES: readonly RecommendationType[] = [
  'BATCH_SIZE',
  'BATCH_SIZE_SWEEP',
  'PRECISION',
  'PRECISION_AND_BATCH_SIZE',
  'MEMORY_SAFETY',
  'GPU_TYPE',
  'SPOT',
  'REGION',
  'IDLE_GPU',
  'CONSOLIDATION',
  'LOAD_BALANCING',
];

export const TYPE_LABELS: Record<RecommendationType, string> = {
  BATCH_SIZE: 'Batch size',
  BATCH_SIZE_SWEEP: 'Batch-size sweep',
  PRECISION: 'Precision',
  PRECISION_AND_BATCH_SIZE: 'Precision and batch size',
  MEMORY_SAFETY: 'Memory safety',
  GPU_TYPE: 'GPU type',
  SPOT: 'Spot capacity',
  REGION: 'Region',
  IDLE_GPU: 'Idle GPUs',
  CONSOLIDATION: 'Consolidation',
  LOAD_BALANCING: 'Load balancing',
};

export const RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = [
  'OPEN',
  'ACCEPTED',
  'DISMISSED',
  'APPLIED',
  'VERIFIED',
  'NOT_REALIZED',
  'EXPIRED',
];

export const STATUS_LABELS: Record<RecommendationStatus, string> = {
  OPEN: 'Open',
  ACCEPTED: 'Accepted',
  DISMISSED: 'Dismissed',
  APPLIED: 'Applied',
  VERIFIED: 'Verified',
  NOT_REALIZED: 'Not realized',
  EXPIRED: 'Expired',
};

export const CONFIDENCE_LEVELS: readonly ConfidenceLevel[] = ['HIGH', 'MEDIUM', 'LOW'];

export const CONFIDENCE_LABELS: Record<ConfidenceLevel, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

export function typeLabel(type: string | null | undefined): string {
  return (type && TYPE_LABELS[type as RecommendationType]) || type || 'Unknown';
}

export function statusLabel(status: string | null | undefined): string {
  return (status && STATUS_LABELS[status as RecommendationStatus]) || status || 'Unknown';
}

export function confidenceLabel(level: string | null | undefined): string {
  return (level && CONFIDENCE_LABELS[level as ConfidenceLevel]) || level || 'Unknown';
}

/** `OPEN → ACCEPTED | DISMISSED → APPLIED → VERIFIED | NOT_REALIZED`: what the server allows from each status. */
const LEGAL: Record<RecommendationAction, readonly RecommendationStatus[]> = {
  accept: ['OPEN'],
  dismiss: ['OPEN', 'ACCEPTED'],
  apply: ['OPEN', 'ACCEPTED'],
};

export const ACTION_TARGET: Record<RecommendationAction, RecommendationStatus> = {
  accept: 'ACCEPTED',
  dismiss: 'DISMISSED',
  apply: 'APPLIED',
};

/** The actions allowed from a status, in the order the page offers them. */
export function legalActions(status: RecommendationStatus): RecommendationAction[] {
  return (['accept', 'dismiss', 'apply'] as const).filter((action) => LEGAL[action].includes(status));
}

export function recommendationPath(id: string): string {
  return `/recommendations/${encodeURIComponent(id)}`;
}

// --- configurations ----------------------------------------------------------------

type ConfigurationField = keyof RecommendationConfiguration;

export const CONFIGURATION_FIELDS: readonly { field: ConfigurationField; label: string }[] = [
  { field: 'provider', label: 'Provider' },
  { field: 'region', label: 'Region' },
  { field: 'instanceType', label: 'Instance type' },
  { field: 'purchaseOption', label: 'Purchase option' },
  { field: 'gpuModel', label: 'GPU model' },
  { field: 'gpuCount', label: 'GPUs per node' },
  { field: 'nodes', label: 'Nodes' },
  { field: 'precision', label: 'Precision' },
  { field: 'batchSize', label: 'Batch size' },
];

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A configuration value in words; `null` (unknown) as `fallback`. */
export function configurationValue(field: ConfigurationField, value: unknown, fallback = 'Unknown'): string {
  if (value === null || value === undefined || value === '') return fallback;
  switch (field) {
    case 'provider':
      return providerLabel(String(value));
    case 'purchaseOption':
      return purchaseOptionLabel(String(value));
    case 'gpuCount':
    case 'nodes':
    case 'batchSize':
      return typeof value === 'number' ? integer.format(value) : String(value);
    default:
      return String(value);
  }
}

export interface ConfigurationChange {
  field: ConfigurationField;
  label: string;
  from: string;
  to: string;
}

/** The parts a recommendation changes, in words (parts the proposal leaves unknown are unchanged). */
export function configurationChanges(
  current: RecommendationConfiguration | null | undefined,
  proposed: RecommendationConfiguration | null | undefined,
): ConfigurationChange[] {
  if (!current || !proposed) return [];
  return CONFIGURATION_FIELDS.filter(({ field }) => {
    const next = proposed[field];
    return next !== null && next !== undefined && next !== current[field];
  }).map(({ field, label }) => ({
    field,
    label,
    from: configurationValue(field, current[field]),
    to: configurationValue(field, proposed[field]),
  }));
}

/** `Batch size 32 → 128; Precision FP32 → BF16`, or `fallback` when nothing in the configuration changes. */
export function changeSummary(
  current: RecommendationConfiguration | null | undefined,
  proposed: RecommendationConfiguration | null | undefined,
  fallback = 'No configuration change',
): string {
  const changes = configurationChanges(current, proposed);
  return changes.length === 0 ? fallback : changes.map((c) => `${c.label} ${c.from} → ${c.to}`).join('; ');
}
