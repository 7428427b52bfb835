import { describe, expect, it } from 'vitest';
import { changeSummary, configurationChanges, legalActions } from './recommendations';
import { recommendation } from '../test/recommendationFixtures';

describe('recommendation vocabulary', () => {
  it('offers only the transitions the server allows: OPEN → ACCEPTED | DISMISSED → APPLIED', () => {
    expect(legalActions('OPEN')).toEqual(['accept', 'dismiss', 'apply']);
    expect(legalActions('ACCEPTED')).toEqual(['dismiss', 'apply']);
    for (const status of ['DISMISSED', 'APPLIED', 'VERIFIED', 'NOT_REALIZED', 'EXPIRED'] as const) {
      expect(legalActions(status)).toEqual([]);
    }
  });

  it('describes what changes between the current and the proposed configuration, in words', () => {
    const r = recommendation('r-1');
    expect(changeSummary(r.current, r.proposed)).toBe('Batch size 32 → 128');

    const spotOnL4 = { ...r.current, gpuModel: 'L4', instanceType: 'g6.xlarge', purchaseOption: 'SPOT' };
    expect(configurationChanges(r.current, spotOnL4).map((c) => [c.label, c.from, c.to])).toEqual([
      ['Instance type', 'p4d.24xlarge', 'g6.xlarge'],
      ['Purchase option', 'On demand', 'Spot'],
      ['GPU model', 'A100', 'L4'],
    ]);
  });

  it('treats parts the proposal leaves unknown as unchanged, and says when nothing changes', () => {
    const r = recommendation('r-1');
    expect(changeSummary(r.current, { ...r.current, region: null, nodes: 0 })).toBe('Nodes 2 → 0');
    expect(changeSummary(r.current, r.current)).toBe('No configuration change');
    expect(changeSummary({ ...r.current, precision: null }, { ...r.current, precision: 'FP8' })).toBe('Precision Unknown → FP8');
  });
});
