import { kindLabel, providerLabel, purchaseOptionLabel, type GroupBy } from '../api/types';
import { formatDay } from './days';

const NO_VALUE: Record<GroupBy, string> = {
  workload: 'Unknown workload',
  team: 'No team label',
  project: 'No project label',
  kind: 'No kind set',
  gpuModel: 'No GPU',
  provider: 'Unknown provider',
  region: 'Unknown region',
  instanceType: 'Unknown instance type',
  purchaseOption: 'Unknown purchase option',
  day: 'Unknown day',
};

/** How a cost group's key reads: kinds, providers and purchase options in words, days as dates, absent values said so. */
export function groupKeyLabel(groupBy: GroupBy | undefined, key: string | null): string {
  if (key === null || key === '') return groupBy ? NO_VALUE[groupBy] : 'Total';
  switch (groupBy) {
    case 'kind':
      return kindLabel(key);
    case 'provider':
      return providerLabel(key);
    case 'purchaseOption':
      return purchaseOptionLabel(key);
    case 'day':
      return formatDay(key);
    default:
      return key;
  }
}

/** The path of a workload's page (keys are client-chosen and may hold any character). */
export function workloadPath(key: string): string {
  return `/workloads/${encodeURIComponent(key)}`;
}
