import {
  freeHistogram,
  type NodeView,
  type PendingFit,
  type PoolHeatmap,
  poolHeatmap,
  worstNodes,
} from '@fleetscope/diagnostics';
import type { Clock, GpuDeviceUsage } from '@fleetscope/types';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { FleetSnapshots } from '../../analysis/fleet-snapshots.ts';
import { GPU_USAGE, type GpuUsageReader, NO_GPU_USAGE } from '../../analysis/gpu-usage.port.ts';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../../config/tokens.ts';
import { ERROR_CODES } from '../guards/error-codes.ts';
import { MAX_WORST_NODES } from './dto/worst-nodes.args.ts';
import { toGpuHeatmap, toGpuNodeCells } from './gpu-heatmap.mapper.ts';
import type {
  FreeNodesCount,
  GpuHeatmap,
  GpuNodeCells,
  GpuPoolBlockedPod,
} from './models/gpu-heatmap.model.ts';

interface Drawn {
  devices: readonly GpuDeviceUsage[] | null;
  heatmap: PoolHeatmap;
  view: GpuHeatmap;
  /** Every node worth naming, worst first (`worstNodes` gives the first `first`); ranked on first ask. */
  ranked?: readonly GpuNodeCells[];
}

/** What is derived from one refresh's node views, apart from usage: kept as long as the views are. */
interface PerRefresh {
  /** Free units per node, by resource. */
  free: Map<string, FreeNodesCount[]>;
  /** Blocked pods listed under this pool, for the pending fits they were picked from. */
  blocked?: { fits: readonly PendingFit[]; pods: GpuPoolBlockedPod[] };
}

/**
 * A pool's heatmap, worst nodes, free units per node and blocked pods, from the node views its
 * inventory was built from (the pool cache's last refresh) and the cluster's GPU usage. A heatmap and its
 * worst-node ranking are made once per (node views, devices) pair — both are replaced, never mutated —
 * and free units per node and blocked pods once per node views (and pending fits): every client and
 * field of one refresh reads the same arrays, and a request costs lookups, not walks over the nodes.
 */
@Injectable()
export class GpuHeatmapService {
  readonly #drawn = new WeakMap<readonly NodeView[], Drawn>();
  readonly #refreshes = new WeakMap<readonly NodeView[], PerRefresh>();

  private readonly usage: GpuUsageReader;

  /**
   * The usage reader is whatever provides GPU_USAGE (the DCGM reader, registered where the sources
   * are); with none, NO_GPU_USAGE — every held GPU is ALLOCATED_UNKNOWN. Not provided in GpuModule
   * on purpose: a module-local provider would shadow the real one.
   */
  constructor(
    private readonly snapshots: FleetSnapshots,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(GPU_USAGE) usage?: GpuUsageReader | null,
  ) {
    this.usage = usage ?? NO_GPU_USAGE;
  }

  heatmap(cluster: string, pool: string): GpuHeatmap | null {
    return this.#draw(cluster, pool)?.view ?? null;
  }

  worstNodes(cluster: string, pool: string, first: number): GpuNodeCells[] {
    if (!Number.isInteger(first) || first < 1 || first > MAX_WORST_NODES) {
      throw new GraphQLError(`first must be an integer from 1 to ${MAX_WORST_NODES}, got ${first}`, {
        extensions: { code: ERROR_CODES.BAD_USER_INPUT },
      });
    }
    const drawn = this.#draw(cluster, pool);
    if (drawn === null) return [];
    drawn.ranked ??= worstNodes(drawn.heatmap, MAX_WORST_NODES).map(toGpuNodeCells);
    return drawn.ranked.slice(0, first);
  }

  freePerNode(cluster: string, pool: string, resource: string): FreeNodesCount[] {
    const views = this.snapshots.gpuPoolCache(cluster)?.nodeViews(pool);
    if (views == null) return [];
    const kept = this.#refresh(views);
    let free = kept.free.get(resource);
    if (free === undefined) {
      free = freeHistogram(views, resource);
      kept.free.set(resource, free);
    }
    return free;
  }

  /**
   * Pending pods that fragmentation holds back, under the pool of the node with the most free units
   * for them (a pod may fit several pools; it is listed once).
   */
  blockedPods(cluster: string, pool: string): GpuPoolBlockedPod[] {
    const cache = this.snapshots.gpuPoolCache(cluster);
    if (cache === undefined) return [];
    const views = cache.nodeViews(pool);
    const fits = cache.pendingFits();
    if (views === null) return blockedAmong(fits, new Set(), cluster);
    const kept = this.#refresh(views);
    if (kept.blocked?.fits !== fits) {
      kept.blocked = { fits, pods: blockedAmong(fits, new Set(views.map((v) => v.node.name)), cluster) };
    }
    return kept.blocked.pods;
  }

  #refresh(views: readonly NodeView[]): PerRefresh {
    let kept = this.#refreshes.get(views);
    if (kept === undefined) {
      kept = { free: new Map() };
      this.#refreshes.set(views, kept);
    }
    return kept;
  }

  #draw(cluster: string, pool: string): Drawn | null {
    const views = this.snapshots.gpuPoolCache(cluster)?.nodeViews(pool);
    if (views == null) return null;
    const devices = this.usage.devices(cluster);
    const held = this.#drawn.get(views);
    if (held !== undefined && held.devices === devices) return held;
    const heatmap = poolHeatmap(views, devices, {
      now: this.clock.now(),
      busyThreshold: this.config.gpuHistory.busyThreshold,
    });
    const drawn = {
      devices,
      heatmap,
      view: toGpuHeatmap(heatmap, this.usage.asOf(cluster), this.config.gpuHistory.busyThreshold),
    };
    this.#drawn.set(views, drawn);
    return drawn;
  }
}

function blockedAmong(
  fits: readonly PendingFit[],
  members: ReadonlySet<string>,
  cluster: string,
): GpuPoolBlockedPod[] {
  return fits
    .filter((fit) => fit.verdict.blockedByFragmentation && members.has(fit.largest.node ?? ''))
    .map((fit) => toBlockedPod(fit, cluster));
}

function toBlockedPod(fit: PendingFit, cluster: string): GpuPoolBlockedPod {
  return {
    cluster,
    namespace: fit.pod.namespace,
    name: fit.pod.name,
    resource: fit.resource,
    request: fit.request,
    largestFree: fit.largest.free,
    largestNode: fit.largest.node,
    explanation: fit.explanation,
    source: fit,
  };
}
