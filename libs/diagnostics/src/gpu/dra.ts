import type { ResourceClaimRecord, ResourceSliceRecord } from '../projection/dra.ts';
import { compareText } from '../verdict/text.ts';

/** One DRA resource pool (driver + pool name; the NVIDIA driver names pools after nodes). */
export interface DraPool {
  driver: string;
  pool: string;
  /** The node of its slices, when they name one. */
  node: string | null;
  /** The highest generation seen: only its slices count. */
  generation: number;
  /** False while fewer slices of that generation are listed than `resourceSliceCount` says. */
  complete: boolean;
  slices: { listed: number; expected: number };
  /** Devices of a complete pool; null when the pool is incomplete (not counted, never 0). */
  devices: number | null;
  allocated: number | null;
  free: number | null;
  /** Free device names (complete pools only). */
  freeDevices: string[];
}

export type DraState =
  /** The cluster does not serve resource.k8s.io/v1: DRA does not apply there. */
  | 'NOT_APPLICABLE'
  /** Whether it is served is not known (offline, no ResourceSlices given). */
  | 'UNKNOWN'
  | 'COUNTED';

export interface DraInventory {
  state: DraState;
  reason: string;
  pools: DraPool[];
  /** Over complete pools only. */
  totals: { devices: number; allocated: number; free: number };
  /** Pools left out because not all their slices are listed. */
  incomplete: number;
}

/**
 * DRA devices per resource pool, as shared/reference/gpu.md says to count them: the devices listed
 * in the complete slices of each pool's highest generation, minus the devices named in any
 * ResourceClaim allocation. `served`: whether the cluster serves resource.k8s.io/v1 (false →
 * NOT_APPLICABLE; null → UNKNOWN unless slices were given, which proves it is served).
 */
export function draInventory(
  slices: readonly ResourceSliceRecord[],
  claims: readonly ResourceClaimRecord[],
  served: boolean | null,
): DraInventory {
  const empty = { devices: 0, allocated: 0, free: 0 };
  if (served === false) {
    return {
      state: 'NOT_APPLICABLE',
      reason: 'resource.k8s.io/v1 is not served by this cluster',
      pools: [],
      totals: empty,
      incomplete: 0,
    };
  }
  if (served === null && slices.length === 0) {
    return {
      state: 'UNKNOWN',
      reason: 'no ResourceSlices given (kubectl get resourceslices,resourceclaims -A -o json)',
      pools: [],
      totals: empty,
      incomplete: 0,
    };
  }
  const byPool = new Map<string, ResourceSliceRecord[]>();
  for (const s of slices) {
    const key = `${s.driver}\u0000${s.pool.name}`;
    const list = byPool.get(key) ?? [];
    list.push(s);
    byPool.set(key, list);
  }
  const taken = new Set<string>();
  for (const c of claims)
    for (const a of c.allocated) taken.add(`${a.driver}\u0000${a.pool}\u0000${a.device}`);
  const pools: DraPool[] = [];
  for (const list of byPool.values()) {
    const generation = Math.max(...list.map((s) => s.pool.generation));
    const current = list.filter((s) => s.pool.generation === generation);
    const first = current[0] as ResourceSliceRecord;
    const expected = Math.max(...current.map((s) => s.pool.resourceSliceCount));
    const complete = current.length >= expected;
    const names = [...new Set(current.flatMap((s) => s.devices))].sort(compareText);
    const free = names.filter((d) => !taken.has(`${first.driver}\u0000${first.pool.name}\u0000${d}`));
    const nodes = new Set(current.map((s) => s.nodeName));
    pools.push({
      driver: first.driver,
      pool: first.pool.name,
      node: nodes.size === 1 ? first.nodeName : null,
      generation,
      complete,
      slices: { listed: current.length, expected },
      devices: complete ? names.length : null,
      allocated: complete ? names.length - free.length : null,
      free: complete ? free.length : null,
      freeDevices: complete ? free : [],
    });
  }
  pools.sort((a, b) => compareText(a.driver, b.driver) || compareText(a.pool, b.pool));
  const counted = pools.filter((p) => p.complete);
  const totals = {
    devices: counted.reduce((s, p) => s + (p.devices ?? 0), 0),
    allocated: counted.reduce((s, p) => s + (p.allocated ?? 0), 0),
    free: counted.reduce((s, p) => s + (p.free ?? 0), 0),
  };
  const incomplete = pools.length - counted.length;
  return {
    state: 'COUNTED',
    reason: `${counted.length} DRA pool${counted.length === 1 ? '' : 's'} counted${incomplete === 0 ? '' : `, ${incomplete} left out (not all slices listed)`}`,
    pools,
    totals,
    incomplete,
  };
}
