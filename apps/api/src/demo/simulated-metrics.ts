import { type SimFleet, simulatedSignals } from '@fleetscope/fleet-sim';
import type { SignalName, SignalSet } from '@fleetscope/types';
import {
  MAX_SERIES_POINTS,
  type MetricsSource,
  type SeriesLine,
  type SeriesRange,
  type SeriesSource,
  type SignalSeries,
} from '../sources/metrics/metrics-source.ts';

/**
 * The demo's metrics source: the simulator computes each cluster's control-plane signals from its
 * scenario as a function of time, so history for charts is the same function sampled over a range.
 */
export class SimulatedMetricsSource implements MetricsSource, SeriesSource {
  readonly #fleet: SimFleet;

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
    const stepSeconds = Math.max(range.stepSeconds, Math.ceil(span / 1000 / MAX_SERIES_POINTS));
    const base = { name: signal, stepSeconds, window: '5m', source: 'simulator' };
    if (!sim) return { ...base, lines: [], error: `cluster ${cluster} is not simulated` };
    const lines = new Map<string, SeriesLine>();
    for (let t = range.start; t <= range.end; t += stepSeconds * 1000) {
      const value = simulatedSignals(sim, t).signals[signal];
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

  #find(cluster: string) {
    return this.#fleet.clusters.find((c) => c.name === cluster);
  }
}
