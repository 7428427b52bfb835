import type { Calibration, CalibrationType, OpenSavings, Recommendation, RecommendationDetail, RecommendationEvent } from '../api/types';

/** A batch-size recommendation as the API sends it (measured points and the fitted curve in its evidence). */
export function recommendation(id: string, overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    id,
    workload: 'llm-train',
    type: 'BATCH_SIZE',
    status: 'OPEN',
    title: 'Raise the batch size from 32 to 128',
    rationale:
      'Measured at 3 batch sizes, the step time fits t(b) = 0.120 s + 0.0021 s·b (3 % error); batch 128 runs ×1.62 faster and needs 61.0 GiB of 80 GiB.',
    risks: ['Batch 128 is beyond the largest measured batch (64): the fit is extrapolated.'],
    assumptions: ['The current cost of $1,000.00 per month continues.'],
    current: {
      provider: 'aws',
      region: 'us-east-1',
      instanceType: 'p4d.24xlarge',
      purchaseOption: 'ON_DEMAND',
      gpuModel: 'A100',
      gpuCount: 8,
      precision: 'BF16',
      batchSize: 32,
      nodes: 2,
    },
    proposed: {
      provider: 'aws',
      region: 'us-east-1',
      instanceType: 'p4d.24xlarge',
      purchaseOption: 'ON_DEMAND',
      gpuModel: 'A100',
      gpuCount: 8,
      precision: 'BF16',
      batchSize: 128,
      nodes: 2,
    },
    evidence: {
      measured: [
        { batchSize: 16, precision: 'BF16', throughput: 105.3, gpuMemoryUsedGiB: 20.5, latencyP95Ms: null, gpuUtil: 0.41, samples: 120 },
        { batchSize: 32, precision: 'BF16', throughput: 168.1, gpuMemoryUsedGiB: 28.1, latencyP95Ms: null, gpuUtil: 0.55, samples: 960 },
        { batchSize: 64, precision: 'BF16', throughput: 241.7, gpuMemoryUsedGiB: 43.4, latencyP95Ms: null, gpuUtil: 0.7, samples: 240 },
      ],
      fitted: [
        { batchSize: 8, throughput: 60.4, gpuMemoryGiB: 16.2 },
        { batchSize: 64, throughput: 240.9, gpuMemoryGiB: 43.3 },
        { batchSize: 128, throughput: 327.5, gpuMemoryGiB: 61 },
        { batchSize: 256, throughput: 400.2, gpuMemoryGiB: null },
      ],
      fit: { alphaSeconds: 0.12, betaSecondsPerItem: 0.0021, relativeError: 0.03 },
      gpuMemoryLimitGiB: 72,
    },
    confidence: { level: 'HIGH', sampleCount: 1320, lookbackDays: 14, fitError: 0.03, measured: true },
    speedup: 1.62,
    currentMonthlyCost: 1000,
    predictedMonthlyCost: 617.28,
    monthlySavings: 382.72,
    evidenceFrom: '2026-11-10',
    evidenceTo: '2026-11-24',
    createdAt: '2026-11-23T06:00:00Z',
    updatedAt: '2026-11-23T06:00:00Z',
    appliedAt: null,
    verification: null,
    ...overrides,
  };
}

export function recommendationEvent(overrides: Partial<RecommendationEvent> = {}): RecommendationEvent {
  return { at: '2026-11-23T06:00:00Z', status: 'OPEN', reason: null, actor: 'system', ...overrides };
}

export function recommendationDetail(r: Recommendation, history: RecommendationEvent[] = [recommendationEvent()]): RecommendationDetail {
  return { recommendation: r, history };
}

export function openSavings(overrides: Partial<OpenSavings> = {}): OpenSavings {
  return {
    monthlySavings: 512.5,
    currentMonthlyCost: 2400,
    workloads: [
      { workload: 'llm-train', currentMonthlyCost: 1000, monthlySavings: 382.72, recommendationIds: ['r-1'] },
      { workload: 'llm-chat', currentMonthlyCost: 1400, monthlySavings: 129.78, recommendationIds: ['r-2'] },
    ],
    ...overrides,
  };
}

export function calibrationType(overrides: Partial<CalibrationType> = {}): CalibrationType {
  return {
    type: 'BATCH_SIZE',
    verified: 3,
    notRealized: 1,
    predictedMonthlySavings: 1200,
    realizedMonthlySavings: 960,
    realizedShare: 0.8,
    medianRealizedShare: 0.85,
    ...overrides,
  };
}

export function calibration(types: CalibrationType[] = []): Calibration {
  return { types };
}
