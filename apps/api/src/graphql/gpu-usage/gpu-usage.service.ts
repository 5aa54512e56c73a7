import {
  type ClusterHealth,
  type ClusterGpuUsage as ClusterUsageData,
  type GpuDeviceRef as DeviceRefData,
  type UnhealthyGpu,
} from '@fleetscope/diagnostics';
import type { GpuDeviceUsage } from '@fleetscope/types';
import { Inject, Injectable } from '@nestjs/common';
import { GPU_USAGE, type GpuUsageReader } from '../../analysis/gpu-usage.port.ts';
import { GpuUsageRollups } from '../../analysis/gpu-usage-rollups.ts';
import { DcgmSources } from '../../sources/dcgm/dcgm-sources.ts';
import { GPU_DEVICES_MAX } from './dto/gpu-devices.args.ts';
import type {
  ClusterGpuUsage,
  FleetGpu,
  GpuDevice,
  GpuDeviceRef,
  GpuResourceUsage,
  GpuTeamUsage,
  UnhealthyGpuDevice,
} from './models/gpu-usage.model.ts';

/** Named devices per list at most. */
const DEVICE_LIST_CAP = 100;
const PROBLEMS_LISTED = 20;

interface Cached {
  asOf: number | null;
  /** The roll-up it was built from: a new one (a team label changed) rebuilds it. */
  data: ClusterUsageData;
  value: ClusterGpuUsage;
}

/**
 * GPU allocation against real use, per cluster and for the fleet: the roll-up of the latest
 * summary's pods with the last DCGM read. Computed once per (cluster summary, DCGM read) and
 * cached; resolvers only read it.
 */
@Injectable()
export class GpuUsageService {
  readonly #cache = new WeakMap<ClusterHealth, Cached>();

  constructor(
    @Inject(GPU_USAGE) private readonly reader: GpuUsageReader,
    private readonly rollups: GpuUsageRollups,
    private readonly sources: DcgmSources,
  ) {}

  ofCluster(health: ClusterHealth): ClusterGpuUsage {
    const asOf = this.reader.asOf(health.name);
    const data = this.rollups.of(health);
    const cached = this.#cache.get(health);
    if (cached !== undefined && cached.asOf === asOf && cached.data === data) return cached.value;
    const value = this.#compute(health, asOf, data);
    this.#cache.set(health, { asOf, data, value });
    return value;
  }

  devices(cluster: string, first: number): GpuDevice[] {
    const devices = this.reader.devices(cluster) ?? [];
    return devices.slice(0, Math.max(0, Math.min(first, GPU_DEVICES_MAX))).map(toDevice);
  }

  ofFleet(clusters: readonly ClusterHealth[]): FleetGpu {
    const usages = clusters.map((c) => this.ofCluster(c));
    const withAllocation = usages.filter((u) => u.byResource.some((r) => r.allocated > 0));
    const knownCount = usages.filter((u) => u.usageKnown).length;
    const byResource = new Map<string, GpuResourceUsage & { known: boolean }>();
    for (const usage of usages) {
      for (const r of usage.byResource) {
        const acc = byResource.get(r.resource) ?? {
          resource: r.resource,
          allocatable: null,
          free: null,
          allocated: 0,
          activelyUsed: null,
          idleAllocated: null,
          usageUnknown: 0,
          known: false,
        };
        acc.allocatable = sumNullable(acc.allocatable, r.allocatable);
        acc.free = sumNullable(acc.free, r.free);
        acc.allocated += r.allocated;
        acc.usageUnknown += r.usageUnknown;
        if (usage.usageKnown) {
          acc.activelyUsed = (acc.activelyUsed ?? 0) + (r.activelyUsed ?? 0);
          acc.idleAllocated = (acc.idleAllocated ?? 0) + (r.idleAllocated ?? 0);
        }
        byResource.set(r.resource, acc);
      }
    }
    const idle = usages
      .flatMap((u) => u.idleAllocated)
      .sort((a, b) => (a.engineActive ?? 0) - (b.engineActive ?? 0))
      .slice(0, DEVICE_LIST_CAP);
    const unhealthy = usages.flatMap((u) => u.unhealthy).slice(0, DEVICE_LIST_CAP);
    return {
      usageKnown: withAllocation.length > 0 ? withAllocation.every((u) => u.usageKnown) : knownCount > 0,
      usageSource: knownCount === 0 ? 'NONE' : knownCount === usages.length ? 'DCGM' : 'PARTIAL',
      busyThreshold: this.rollups.busyThreshold,
      byResource: [...byResource.values()].map(({ known: _known, ...r }) => r),
      byTeam: byTeam(clusters, usages),
      idleAllocated: idle,
      unhealthy,
    };
  }

  #compute(health: ClusterHealth, asOf: number | null, data: ClusterUsageData): ClusterGpuUsage {
    const status = this.sources.store?.status(health.name) ?? null;
    const inventory = new Map<string, { allocatable: number; free: number }>();
    for (const pool of health.gpuPools ?? []) {
      for (const r of pool.resources) {
        const acc = inventory.get(r.resource) ?? { allocatable: 0, free: 0 };
        acc.allocatable += r.allocatable;
        acc.free += r.free;
        inventory.set(r.resource, acc);
      }
    }
    const resources = new Set([...inventory.keys(), ...data.byResource.map((r) => r.resource)]);
    const byResource: GpuResourceUsage[] = [...resources].map((resource) => {
      const use = data.byResource.find((r) => r.resource === resource);
      const inv = inventory.get(resource);
      return {
        resource,
        allocatable: inv?.allocatable ?? null,
        free: inv?.free ?? null,
        allocated: use?.allocated ?? 0,
        activelyUsed: data.usageKnown ? (use?.activelyUsed ?? 0) : null,
        idleAllocated: data.usageKnown ? (use?.idleAllocated ?? 0) : null,
        usageUnknown: use?.usageUnknown ?? 0,
      };
    });
    byResource.sort((a, b) =>
      a.resource === 'nvidia.com/gpu'
        ? -1
        : b.resource === 'nvidia.com/gpu'
          ? 1
          : a.resource < b.resource
            ? -1
            : 1,
    );
    return {
      usageKnown: data.usageKnown,
      usageSource: data.usageKnown ? 'DCGM' : 'NONE',
      usageAsOf: asOf === null ? null : new Date(asOf),
      usageError: status?.error ?? null,
      busyThreshold: this.rollups.busyThreshold,
      devices: data.devices,
      byResource,
      byPool: data.byPool,
      byNamespace: data.byNamespace,
      idleAllocated: data.idleAllocated.slice(0, DEVICE_LIST_CAP).map((d) => toRef(health.name, d)),
      unhealthy: data.unhealthy.slice(0, DEVICE_LIST_CAP).map((d) => toUnhealthy(health.name, d)),
      problems: (status?.problems ?? [])
        .slice(0, PROBLEMS_LISTED)
        .map((p) => `${p.metric}${JSON.stringify(p.labels)}: ${p.problems.join('; ')}`),
      unknownLabels: status?.unknownLabels ?? [],
    };
  }
}

/** Per team and resource over the clusters' namespaces (each cluster's team labels as it watches them). */
function byTeam(clusters: readonly ClusterHealth[], usages: readonly ClusterGpuUsage[]): GpuTeamUsage[] {
  const teams = new Map<string, GpuTeamUsage & { spaces: Set<string> }>();
  usages.forEach((usage, i) => {
    const cluster = clusters[i]?.name ?? '';
    for (const n of usage.byNamespace) {
      const key = `${n.team}\u0000${n.resource}`;
      const acc = teams.get(key) ?? {
        team: n.team,
        resource: n.resource,
        namespaces: [],
        spaces: new Set<string>(),
        allocated: 0,
        activelyUsed: null,
        idleAllocated: null,
        usageUnknown: 0,
      };
      acc.allocated += n.allocated;
      acc.usageUnknown += n.usageUnknown;
      acc.activelyUsed = sumNullable(acc.activelyUsed, n.activelyUsed);
      acc.idleAllocated = sumNullable(acc.idleAllocated, n.idleAllocated);
      acc.spaces.add(`${cluster}/${n.namespace}`);
      teams.set(key, acc);
    }
  });
  return [...teams.values()]
    .map(({ spaces, ...t }) => ({ ...t, namespaces: [...spaces].sort() }))
    .sort((a, b) => b.allocated - a.allocated || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
}

function sumNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

function toRef(cluster: string, d: DeviceRefData): GpuDeviceRef {
  return { cluster, ...d };
}

function toUnhealthy(cluster: string, d: UnhealthyGpu): UnhealthyGpuDevice {
  return { cluster, ...d, xidChangedAt: d.xidChangedAt === null ? null : new Date(d.xidChangedAt) };
}

function toDevice(d: GpuDeviceUsage): GpuDevice {
  return {
    ...d,
    xidChangedAt: d.xidChangedAt === null ? null : new Date(d.xidChangedAt),
    observedAt: new Date(d.observedAt),
  };
}
