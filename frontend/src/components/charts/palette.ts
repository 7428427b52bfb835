/** Series colours: distinguishable, and readable on white; the last one is for "Other". */
export const SERIES_COLORS = ['#4f46e5', '#0e9f6e', '#d97706', '#e11d48', '#0891b2', '#7c3aed', '#65a30d', '#db2777'];
export const OTHER_COLOR = '#94a3b8';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}
