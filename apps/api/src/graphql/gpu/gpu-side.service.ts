import { type DraInventory, draInventory, gpuOperatorStatus } from '@fleetscope/diagnostics';
import { Injectable } from '@nestjs/common';
import { FleetState } from '../../stores/cluster-state.ts';
import { type GpuDraInventory, GpuDraState } from './models/gpu-dra.model.ts';
import { GpuOperatorState, type GpuOperatorStatus } from './models/gpu-operator.model.ts';

/**
 * What the GPU side watches say of a cluster, read when asked: DRA devices from ResourceSlices and
 * ResourceClaims, and the GPU Operator's ClusterPolicy. Both are small lists; DRA is cached under the
 * revisions of its two kinds.
 */
@Injectable()
export class GpuSideService {
  readonly #dra = new Map<string, { key: string; value: GpuDraInventory }>();

  constructor(private readonly fleet: FleetState) {}

  dra(cluster: string): GpuDraInventory {
    const state = this.fleet.get(cluster);
    if (state === undefined) return toDra(draInventory([], [], null), () => null);
    const slicesServed = state.serves('resourceslices');
    const claimsServed = state.serves('resourceclaims');
    const key = `${slicesServed}|${claimsServed}|${state.sideRevision('ResourceSlice')}|${state.sideRevision('ResourceClaim')}|${state.tally.pools().length}`;
    const cached = this.#dra.get(cluster);
    if (cached !== undefined && cached.key === key) return cached.value;
    let inventory: DraInventory;
    if (slicesServed === true && claimsServed !== true) {
      // Slices without the claims that hold their devices would count every device free.
      inventory = { ...draInventory([], [], null), reason: 'ResourceClaims not listed yet (or not allowed)' };
    } else {
      inventory = draInventory(
        slicesServed === true ? [...state.objects.list('ResourceSlice')] : [],
        slicesServed === true ? [...state.objects.list('ResourceClaim')] : [],
        slicesServed === false ? false : slicesServed === true ? true : null,
      );
      if (slicesServed === null && inventory.state === 'UNKNOWN') {
        inventory = { ...inventory, reason: 'ResourceSlices not listed yet (or not allowed)' };
      }
    }
    const value = toDra(inventory, (node) => state.objects.get('Node', node)?.pool ?? null);
    this.#dra.set(cluster, { key, value });
    return value;
  }

  operator(cluster: string): GpuOperatorStatus {
    const state = this.fleet.get(cluster);
    const status = gpuOperatorStatus(
      state === undefined ? [] : [...state.objects.list('ClusterPolicy')],
      state?.serves('clusterpolicies') ?? null,
    );
    return {
      state: GpuOperatorState[status.state],
      policy: status.policy,
      policyState: status.rawState,
      conditions: status.conditions.map((c) => ({ ...c })),
      ignored: status.ignored,
      summary: status.summary,
    };
  }
}

function toDra(inventory: DraInventory, poolOf: (node: string) => string | null): GpuDraInventory {
  const counted = inventory.state === 'COUNTED';
  return {
    state: GpuDraState[inventory.state],
    reason: inventory.reason,
    devices: counted ? inventory.totals.devices : null,
    allocated: counted ? inventory.totals.allocated : null,
    free: counted ? inventory.totals.free : null,
    incomplete: inventory.incomplete,
    pools: inventory.pools.map((p) => ({
      driver: p.driver,
      pool: p.pool,
      node: p.node,
      nodePool: p.node === null ? null : poolOf(p.node),
      generation: p.generation,
      complete: p.complete,
      slicesListed: p.slices.listed,
      slicesExpected: p.slices.expected,
      devices: p.devices,
      allocated: p.allocated,
      free: p.free,
    })),
  };
}
