import type { HealthStatus } from '../graphql/generated/graphql.ts';

/** Visual tone of a status badge. `stale` overrides every status: old data must never look green. */
export type BadgeTone = 'healthy' | 'degraded' | 'down' | 'unknown' | 'na' | 'stale';

const TONES: Record<HealthStatus, BadgeTone> = {
  HEALTHY: 'healthy',
  DEGRADED: 'degraded',
  DOWN: 'down',
  UNKNOWN: 'unknown',
  NOT_APPLICABLE: 'na',
};

const LABELS: Record<HealthStatus, string> = {
  HEALTHY: 'HEALTHY',
  DEGRADED: 'DEGRADED',
  DOWN: 'DOWN',
  UNKNOWN: 'UNKNOWN',
  NOT_APPLICABLE: 'N/A',
};

/** A glyph per status so the badge reads without colour (colour-blind safe). */
const GLYPHS: Record<HealthStatus, string> = {
  HEALTHY: '✓',
  DEGRADED: '▲',
  DOWN: '✕',
  UNKNOWN: '?',
  NOT_APPLICABLE: '–',
};

export function statusTone(status: HealthStatus, stale: boolean): BadgeTone {
  return stale ? 'stale' : TONES[status];
}

export function statusLabel(status: HealthStatus): string {
  return LABELS[status];
}

export function statusGlyph(status: HealthStatus): string {
  return GLYPHS[status];
}

/**
 * Whether a fleet roll-up status must be drawn as stale. When every cluster is stale the roll-up is all
 * old news. When only some are, a problem status (DEGRADED, DOWN, UNKNOWN) stays visible — it is real for
 * the fresh clusters — but HEALTHY is muted: it cannot vouch for the clusters we cannot see.
 */
export function isFleetStatusStale(
  status: HealthStatus,
  staleClusters: number,
  totalClusters: number,
): boolean {
  if (totalClusters === 0 || staleClusters >= totalClusters) return true;
  return staleClusters > 0 && status === 'HEALTHY';
}
