import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatUsd, relativeChange } from './money';

describe('formatUsd', () => {
  it('shows cents from one dollar and whole dollars from ten thousand', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(12345.67)).toBe('$12,346');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('keeps three significant digits of amounts below a dollar, up to six decimals', () => {
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.0534)).toBe('$0.0534');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(0.0000001)).toBe('< $0.000001');
  });

  it('accepts numeric strings and shows a dash for missing values', () => {
    expect(formatUsd('2.5')).toBe('$2.50');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(undefined, 'n/a')).toBe('n/a');
  });
});

describe('percentages and changes', () => {
  it('formats a share as a percentage with one decimal', () => {
    expect(formatPercent(0.4251)).toBe('42.5%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('has no relative change against zero', () => {
    expect(relativeChange(10, 0)).toBeNull();
    expect(relativeChange(12, 10)).toBeCloseTo(0.2);
  });

  it('formats plain quantities with two decimals, small ones with significant digits', () => {
    expect(formatNumber(12.345)).toBe('12.35');
    expect(formatNumber(0.0012345)).toBe('0.001235');
  });
});
