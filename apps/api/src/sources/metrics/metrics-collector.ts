import type { Clock } from '@fleetscope/types';
import type { FleetState } from '../../stores/cluster-state.ts';
import type { MetricsSource } from './metrics-source.ts';

export interface CollectorLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Collects control-plane signals for every cluster on an interval and hands them to the cluster's
 * state. One collection per cluster at a time: a slow Prometheus delays the next round instead of
 * piling up requests. The source never throws (errors become per-signal errors), but a defect here
 * must not stop the loop either.
 */
export class MetricsCollector {
  readonly #source: MetricsSource;
  readonly #fleet: FleetState;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #logger: CollectorLogger;
  readonly #inFlight = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    source: MetricsSource,
    fleet: FleetState,
    clock: Clock,
    intervalMs: number,
    logger: CollectorLogger,
  ) {
    this.#source = source;
    this.#fleet = fleet;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  start(): void {
    for (const cluster of this.#fleet.list()) cluster.expectMetrics();
    void this.collectAll();
    this.#timer = setInterval(() => void this.collectAll(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async collectAll(): Promise<void> {
    await Promise.all(this.#fleet.list().map((c) => this.#collect(c.name)));
  }

  async #collect(name: string): Promise<void> {
    if (this.#inFlight.has(name)) return;
    this.#inFlight.add(name);
    try {
      const signals = await this.#source.collect(name, this.#clock.now());
      this.#fleet.get(name)?.setMetrics(signals);
    } catch (error) {
      this.#logger.warn('metrics collection failed', { cluster: name, error: String(error) });
    } finally {
      this.#inFlight.delete(name);
    }
  }
}
