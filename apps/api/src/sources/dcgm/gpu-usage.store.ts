import {
  DCGM,
  type DcgmSeriesProblem,
  type DcgmXidSeries,
  dcgmDeviceLabels,
  foldDcgmSamples,
  isTerminalPhase,
  type NodeGpuPod,
} from '@fleetscope/diagnostics';
import type { Clock, GpuDeviceUsage } from '@fleetscope/types';
import type { GpuUsageReader } from '../../analysis/gpu-usage.port.ts';
import type { FleetState } from '../../stores/cluster-state.ts';
import type { DcgmSampleSource } from './dcgm-source.ts';

export interface GpuUsageLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
}

export interface GpuUsageStoreOptions {
  intervalMs: number;
  /** How far back XID changes are kept when the source has no history. */
  xidWindowMs: number;
  logger: GpuUsageLogger;
}

/** How the last read of one cluster went. */
export interface GpuUsageStatus {
  source: string | null;
  /** The last read's error; the devices are then the last good read's (see asOf). */
  error: string | null;
  problems: DcgmSeriesProblem[];
  unknownLabels: string[];
}

interface ClusterUsage {
  devices: readonly GpuDeviceUsage[] | null;
  asOf: number | null;
  status: GpuUsageStatus;
}

/**
 * Reads every cluster's DCGM series on an interval, folds them into devices joined to the cluster's
 * pods, and keeps the last good read per cluster. A failed read keeps the previous devices (asOf
 * says how old) and records the error; a cluster without a source stays unknown (null).
 */
export class GpuUsageStore implements GpuUsageReader {
  readonly #source: DcgmSampleSource;
  readonly #fleet: FleetState;
  readonly #clock: Clock;
  readonly #options: GpuUsageStoreOptions;
  readonly #byCluster = new Map<string, ClusterUsage>();
  /** Per cluster and device: XID values seen read after read (sources without history). */
  readonly #xid = new Map<string, Map<string, DcgmXidSeries>>();
  readonly #inFlight = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(source: DcgmSampleSource, fleet: FleetState, clock: Clock, options: GpuUsageStoreOptions) {
    this.#source = source;
    this.#fleet = fleet;
    this.#clock = clock;
    this.#options = options;
  }

  devices(cluster: string): readonly GpuDeviceUsage[] | null {
    return this.#byCluster.get(cluster)?.devices ?? null;
  }

  asOf(cluster: string): number | null {
    return this.#byCluster.get(cluster)?.asOf ?? null;
  }

  status(cluster: string): GpuUsageStatus | null {
    return this.#byCluster.get(cluster)?.status ?? null;
  }

  start(): void {
    void this.collectAll();
    this.#timer = setInterval(() => void this.collectAll(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async collectAll(): Promise<void> {
    await Promise.all(this.#fleet.list().map((c) => this.collect(c.name)));
  }

  async collect(cluster: string): Promise<void> {
    if (this.#inFlight.has(cluster)) return;
    this.#inFlight.add(cluster);
    const previous = this.#byCluster.get(cluster);
    try {
      const now = this.#clock.now();
      const reading = await this.#source.read(cluster, now);
      if (reading === null) {
        this.#byCluster.delete(cluster);
        return;
      }
      const own = this.#rememberXids(cluster, reading.samples, now);
      const fold = foldDcgmSamples({
        cluster,
        samples: reading.samples,
        xidHistory: [...(reading.xidHistory ?? []), ...own],
        nodePods: (node) => this.#gpuPods(cluster, node),
        extraKnownLabels: ['cluster', ...(reading.sourceLabels ?? [])],
      });
      if (previous?.status.error) this.#options.logger.info('DCGM series readable again', { cluster });
      this.#byCluster.set(cluster, {
        devices: fold.devices,
        asOf: now,
        status: {
          source: reading.source,
          error: null,
          problems: fold.problems,
          unknownLabels: fold.unknownLabels,
        },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (previous?.status.error !== message)
        this.#options.logger.warn('DCGM series unavailable', { cluster, error: message });
      this.#byCluster.set(cluster, {
        devices: previous?.devices ?? null,
        asOf: previous?.asOf ?? null,
        status: { source: previous?.status.source ?? null, error: message, problems: [], unknownLabels: [] },
      });
    } finally {
      this.#inFlight.delete(cluster);
    }
  }

  #gpuPods(cluster: string, node: string): NodeGpuPod[] {
    const state = this.#fleet.get(cluster);
    if (state === undefined) return [];
    return state.objects
      .podsOnNode(node)
      .filter(
        (p) =>
          !isTerminalPhase(p.phase) && (p.gpuRequest > 0 || Object.keys(p.gpuExtendedRequest).length > 0),
      );
  }

  /** Keeps each device's XID values within the window, so a change between two reads is seen. */
  #rememberXids(
    cluster: string,
    samples: readonly { metric: string; labels: Readonly<Record<string, string>>; value: number }[],
    now: number,
  ): DcgmXidSeries[] {
    let byKey = this.#xid.get(cluster);
    if (byKey === undefined) {
      byKey = new Map();
      this.#xid.set(cluster, byKey);
    }
    const seen = new Set<string>();
    for (const s of samples) {
      if (s.metric !== DCGM.xid || !Number.isFinite(s.value)) continue;
      const key = dcgmDeviceLabels(s.labels).device?.key;
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      const series = byKey.get(key) ?? { labels: s.labels, points: [] };
      const points = [
        ...series.points.filter((p) => now - p.t <= this.#options.xidWindowMs),
        { t: now, v: s.value },
      ];
      // Only the changes matter: keep the first point and each one that differs from the one before.
      const compact = points.filter((p, i) => i === 0 || i === points.length - 1 || p.v !== points[i - 1]?.v);
      byKey.set(key, { labels: s.labels, points: compact });
    }
    for (const key of [...byKey.keys()]) if (!seen.has(key)) byKey.delete(key);
    return [...byKey.values()];
  }
}
