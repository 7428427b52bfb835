/**
 * Number formatting with Intl in the user's locale. Amounts are USD; the API sends them as JSON numbers
 * rounded to six decimals, so small unit prices keep their significant digits here.
 */

const usdFormats = new Map<number, Intl.NumberFormat>();

function usd(fractionDigits: number): Intl.NumberFormat {
  let format = usdFormats.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: Math.min(2, fractionDigits),
      maximumFractionDigits: fractionDigits,
    });
    usdFormats.set(fractionDigits, format);
  }
  return format;
}

const usdCompact = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const signedPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const precise = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

function finite(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * USD with sensible precision: whole dollars from $10,000, cents from $1, and below a dollar enough
 * decimals (up to six) to show three significant digits, so that a unit price of $0.000123 stays readable.
 */
export function formatUsd(value: number | string | null | undefined, fallback = '—'): string {
  const n = finite(value);
  if (n === null) return fallback;
  const abs = Math.abs(n);
  if (abs === 0) return usd(2).format(0);
  if (abs < 0.000001) return `< ${usd(6).format(0.000001)}`;
  if (abs >= 10_000) return usd(0).format(n);
  if (abs >= 1) return usd(2).format(n);
  const digits = Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(abs))));
  return usd(digits).format(n);
}

/** `$1.2K`, for chart axes. */
export function formatUsdCompact(value: number | null | undefined): string {
  const n = finite(value);
  if (n === null) return '';
  return Math.abs(n) < 10 ? formatUsd(n) : usdCompact.format(n);
}

/** A share in [0, 1] as a percentage, e.g. `0.4251` → `42.5%`. */
export function formatPercent(share: number | null | undefined, fallback = '—'): string {
  const n = finite(share);
  return n === null ? fallback : percent.format(n);
}

/** Relative change, e.g. `+12.3%`; `null` when there is nothing to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export function formatChange(change: number): string {
  return signedPercent.format(change);
}

/** A plain quantity with at most two decimals (`12.5`), or four significant digits when small. */
export function formatNumber(value: number | string | null | undefined, fallback = '—'): string {
  const n = finite(value);
  if (n === null) return fallback;
  return Math.abs(n) >= 1 || n === 0 ? decimal.format(n) : precise.format(n);
}
