/** Wording helpers shared by verdict summaries: short, wall-readable, deterministic. */

/** ISO-8601 of an epoch-ms time, or null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** "45s", "5m 5s", "2h 3m", "3d 4h": coarse enough for a wall, exact enough for an operator. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** "1 node" / "3 nodes". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "a, b, c, +2 more": at most `max` names, the rest counted. */
export function nameList(names: readonly string[], max: number): string {
  const shown = names.slice(0, Math.max(0, max));
  const rest = names.length - shown.length;
  return rest > 0 ? [...shown, `+${rest} more`].join(', ') : shown.join(', ');
}

/** Error text trimmed to one wall line. */
export function shortError(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Code-point order: stable across locales and runtimes (walls must not reshuffle). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * "19:13 UTC" (or "19:13:05 UTC"): verdicts name clock times, not durations, so a snapshot's text does
 * not change while nothing happens, and a wall reads the same time on every screen.
 */
export function clockTime(ms: number, precision: 'minutes' | 'seconds' = 'minutes'): string {
  return `${(isoOrNull(ms) ?? '').slice(11, precision === 'seconds' ? 19 : 16)} UTC`;
}
