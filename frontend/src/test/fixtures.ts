import type { CostFigures, CostGroup, CostReport, PriceOverride, UsagePoint, Workload, WorkloadCost } from '../api/types';

/** Cost figures with B, R and the derived E = B / R and I = B·(1 − R). */
export function figures(billed: number, utilization = 0.5, overrides: Partial<CostFigures> = {}): CostFigures {
  return {
    billedCost: billed,
    listCost: billed,
    utilizationAdjustedCost: Math.round((billed / utilization) * 1e6) / 1e6,
    idleCost: Math.round(billed * (1 - utilization) * 1e6) / 1e6,
    utilization,
    utilizationCoverage: 1,
    utilizationKnown: true,
    workUnits: 0,
    workUnit: null,
    costPerThousandUnits: null,
    costPerMillionUnits: null,
    ...overrides,
  };
}

export function group(key: string | null, totals: CostFigures, points: { start: string; billed: number }[] = []): CostGroup {
  return { key, totals, points: points.map((p) => ({ start: p.start, figures: figures(p.billed, totals.utilization) })) };
}

export function report(groups: CostGroup[], overrides: Partial<CostReport> = {}): CostReport {
  const billed = groups.reduce((sum, g) => sum + Number(g.totals.billedCost), 0);
  return {
    from: '2026-11-01',
    to: '2026-11-24',
    groupBy: null,
    step: null,
    currency: 'USD',
    totals: figures(billed),
    groups,
    ...overrides,
  };
}

export function workload(key: string, overrides: Partial<Workload> = {}): Workload {
  return {
    key,
    kind: 'INFERENCE',
    labels: { team: 'search' },
    latencySloP95Ms: null,
    interruptible: false,
    allowedRegions: [],
    allowedProviders: [],
    firstSeenAt: '2026-11-01T08:00:00Z',
    lastSampleAt: '2026-11-23T11:00:00Z',
    ...overrides,
  };
}

export function usagePoint(start: string, overrides: Partial<UsagePoint> = {}): UsagePoint {
  return {
    start,
    samples: 60,
    gpuHours: 1,
    vcpuHours: 4,
    memoryGiBHours: 16,
    gpuUtil: 0.62,
    gpuUtilMax: 0.9,
    cpuUtil: 0.35,
    memoryUtil: 0.59,
    memoryUsedGiBMax: 9.5,
    gpuMemoryUsedGiBMax: 17.2,
    throughput: 1450,
    workUnits: 5_220_000,
    latencyP95MsAvg: 420,
    latencyP95MsMax: 480,
    netEgressGiB: 0,
    oomEvents: 0,
    ...overrides,
  };
}

export function workloadCost(key: string, overrides: Partial<WorkloadCost> = {}): WorkloadCost {
  return {
    workload: key,
    from: '2026-11-17',
    to: '2026-11-24',
    currency: 'USD',
    formula: 'B = Σ C·T = $1.006000; R = Σ C·T·u / B = $0.603600 / $1.006000 = 0.6; Σ C·T / R = $1.676667; idle B·(1 − R) = $0.402400',
    totals: figures(1.006, 0.6, { workUnit: 'tokens', workUnits: 87000, costPerThousandUnits: 0.011563, costPerMillionUnits: 11.563218 }),
    lines: [
      {
        firstDay: '2026-11-23',
        lastDay: '2026-11-23',
        days: 1,
        provider: 'aws',
        region: 'us-east-1',
        instanceType: 'g5.xlarge',
        purchaseOption: 'ON_DEMAND',
        gpuModel: 'A10G',
        basis: 'INSTANCE',
        listInstanceHourlyUsd: 1.006,
        instanceHourlyUsd: 1.006,
        discountPercent: null,
        overrideIds: [],
        notes: ['Priced at the catalog price of aws g5.xlarge in us-east-1.'],
        nodeHours: 1,
        totals: figures(1.006, 0.6),
        resources: [
          { resource: 'GPU', unit: 'GPU-hour', quantity: 1, listUnitPrice: 0.7512, unitPrice: 0.7512, listCost: 0.7512, cost: 0.7512, utilization: 0.62, measuredShare: 1 },
          { resource: 'CPU', unit: 'vCPU-hour', quantity: 4, listUnitPrice: 0.0411, unitPrice: 0.0411, listCost: 0.1644, cost: 0.1644, utilization: 0.35, measuredShare: 1 },
          { resource: 'MEMORY', unit: 'GiB-hour', quantity: 16, listUnitPrice: 0.005675, unitPrice: 0.005675, listCost: 0.0904, cost: 0.0904, utilization: null, measuredShare: 0 },
        ],
      },
    ],
    ...overrides,
  };
}

export function priceOverride(overrides: Partial<PriceOverride> = {}): PriceOverride {
  return {
    id: '0b6f3c1e-0000-4000-8000-000000000001',
    kind: 'DISCOUNT',
    provider: 'aws',
    region: null,
    instanceType: null,
    purchaseOption: null,
    gpuModel: null,
    discountPercent: 12.5,
    hourlyPriceUsd: null,
    effectiveFrom: '2026-11-01',
    note: 'Enterprise agreement',
    setAt: '2026-11-20T10:00:00Z',
    setBy: 'ada@example.com',
    ...overrides,
  };
}

/** The query parameters of a mocked request. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
