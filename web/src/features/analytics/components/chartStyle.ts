//! What every analytics chart draws with: the palette, the axis text and grid colours, and whether the axes run
//! right to left (the charts stay LTR inside; in Arabic they reverse their axis instead).
import { useTranslation } from 'react-i18next';

export const PALETTE = ['#7c3aed', '#06b6d4', '#f59e0b', '#10b981', '#f43f5e', '#3b82f6', '#a855f7', '#64748b'];
export const AXIS_TICK = { fontSize: 11, fill: '#64748b' };
export const GRID = '#e2e8f0';

/** Whether the page reads right to left, for the charts' axes. */
export function useRtl(): boolean {
  const { i18n } = useTranslation();
  return i18n.dir(i18n.language) === 'rtl';
}
