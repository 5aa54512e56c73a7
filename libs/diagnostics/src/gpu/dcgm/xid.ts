import type { GpuDeviceUsage } from '@fleetscope/types';
import { isCriticalXid } from './counters.ts';

export interface XidPoint {
  /** ms since epoch. */
  t: number;
  v: number;
}

export interface XidChange {
  /** The last value, null when it is 0 (no XID since the exporter started). */
  lastXid: number | null;
  /** When the value last changed within the points; null when it did not change within them. */
  changedAt: number | null;
}

/**
 * DCGM_FI_DEV_XID_ERRORS holds the last XID seen until the exporter restarts, so a non-zero value
 * says nothing about *when*. Read it by change: the time of the last point whose value differs from
 * the one before. A value that was already there at the first point changed earlier (unknown when).
 */
export function lastXidChange(points: readonly XidPoint[]): XidChange {
  const sorted = [...points].filter((p) => Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  // Two sources may hold a point at the same instant: one is enough.
  for (let i = sorted.length - 1; i > 0; i--) if (sorted[i]?.t === sorted[i - 1]?.t) sorted.splice(i, 1);
  const last = sorted[sorted.length - 1];
  if (last === undefined) return { lastXid: null, changedAt: null };
  let changedAt: number | null = null;
  for (let i = sorted.length - 1; i > 0; i--) {
    const here = sorted[i];
    const before = sorted[i - 1];
    if (here !== undefined && before !== undefined && here.v !== before.v) {
      changedAt = here.t;
      break;
    }
  }
  const lastXid = last.v === 0 ? null : Math.round(last.v);
  return { lastXid, changedAt: lastXid === null ? null : changedAt };
}

/** A critical XID that changed within `windowMs` before `now`. */
export function hasRecentCriticalXid(
  device: Pick<GpuDeviceUsage, 'lastXid' | 'xidChangedAt'>,
  now: number,
  windowMs: number,
): boolean {
  return (
    device.lastXid !== null &&
    isCriticalXid(device.lastXid) &&
    device.xidChangedAt !== null &&
    now - device.xidChangedAt <= windowMs
  );
}
