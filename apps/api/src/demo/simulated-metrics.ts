import { type SimCluster, type SimFleet, simulatedSignals } from '@fleetscope/fleet-sim';
import type { SignalName, SignalSet } from '@fleetscope/types';
import {
  MAX_SERIES_POINTS,
  type MetricsSource,
  type SeriesLine,
  type SeriesRange,
  type SeriesSource,
  type SignalSeries,
} from '../sources/metrics/metrics-source.ts';

/** Points per simulated chart line (a wall sparkline needs no more; each instant costs ~15 ms). */
const SIMULATED_SERIES_POINTS = Math.min(60, MAX_SERIES_POINTS);
const CACHE_LIMIT = 2_000;

/**
 * The demo's metrics source: the simulator computes each cluster's control-plane signals from its
 * scenario as a function of time, so history for charts is the same function sampled over a range.
 */
export class SimulatedMetricsSource implements MetricsSource, SeriesSource {
  readonly #fleet: SimFleet;
  /** Computing every signal at one instant costs ~15 ms: keep recent instants for all charts to share. */
  readonly #cache = new Map<string, SignalSet>();

  constructor(fleet: SimFleet) {
    this.#fleet = fleet;
  }

  async collect(cluster: string, now: number): Promise<SignalSet> {
    const sim = this.#find(cluster);
    if (!sim)
      return { cluster, signals: {}, observable: { etcd: false, scheduler: false, controllers: false } };
    return simulatedSignals(sim, now);
  }

  async series(cluster: string, signal: SignalName, range: SeriesRange): Promise<SignalSeries> {
    const sim = this.#find(cluster);
    const span = Math.max(0, range.end - range.start);
    const stepSeconds = Math.max(range.stepSeconds, Math.ceil(span / 1000 / SIMULATED_SERIES_POINTS));
    const base = { name: signal, stepSeconds, window: '5m', source: 'simulator' };
    if (!sim) return { ...base, lines: [], error: `cluster ${cluster} is not simulated` };
    const lines = new Map<string, SeriesLine>();
    const stepMs = stepSeconds * 1000;
    // Instants aligned to the step, so successive requests and other signals hit the cache.
    const first = Math.ceil(range.start / stepMs) * stepMs;
    for (let t = first, n = 0; t <= range.end; t += stepMs, n++) {
      // Yield now and then: a long computation must not starve websocket pings and other requests.
      if (n % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
      const value = this.#signalsAt(cluster, sim, t).signals[signal];
      for (const sample of value?.samples ?? []) {
        const key = JSON.stringify(sample.labels);
        let line = lines.get(key);
        if (!line) {
          line = { labels: sample.labels, points: [] };
          lines.set(key, line);
        }
        line.points.push({ t, v: sample.value });
      }
    }
    return { ...base, lines: [...lines.values()], error: null };
  }

  #signalsAt(cluster: string, sim: SimCluster, t: number): SignalSet {
    const key = `${cluster}@${t}`;
    let set = this.#cache.get(key);
    if (!set) {
      set = simulatedSignals(sim, t);
      this.#cache.set(key, set);
      if (this.#cache.size > CACHE_LIMIT) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    return set;
  }

  #find(cluster: string): SimCluster | undefined {
    return this.#fleet.clusters.find((c) => c.name === cluster);
  }
}
