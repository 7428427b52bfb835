import type { ConfidenceLevel, RecommendationStatus } from '../api/types';
import { confidenceLabel, statusLabel } from '../lib/recommendations';

/** How sure a recommendation is, as a coloured badge whose text says it (colour is never the only cue). */
export function ConfidenceBadge({ level }: { level: ConfidenceLevel }) {
  return <span className={`badge badge-confidence-${level.toLowerCase()}`}>{confidenceLabel(level)}</span>;
}

export function StatusBadge({ status }: { status: RecommendationStatus }) {
  return <span className={`badge badge-status-${status.toLowerCase().replace('_', '-')}`}>{statusLabel(status)}</span>;
}
