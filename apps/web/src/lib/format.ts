const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer with thousands separators ("12,345"). */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "part / whole" with separators. */
export function formatRatio(part: number, whole: number): string {
  return `${formatCount(part)} / ${formatCount(whole)}`;
}

/** part as a percentage of whole, clamped to 0–100; 0 when whole is 0 (nothing to fill). */
export function percentOf(part: number, whole: number): number {
  if (!(whole > 0) || !Number.isFinite(part)) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

/** "1 node", "3 nodes". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}
