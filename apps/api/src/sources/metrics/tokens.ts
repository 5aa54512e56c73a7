import type { MetricsSource, SeriesSource } from './metrics-source.ts';

/** The configured metrics source (Prometheus or the simulator), or null when there is none. */
export const METRICS_SOURCE = Symbol('METRICS_SOURCE');
export type ConfiguredMetricsSource = (MetricsSource & Partial<SeriesSource>) | null;
