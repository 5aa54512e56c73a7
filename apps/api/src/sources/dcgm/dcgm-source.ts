import type { DcgmSample, DcgmXidSeries } from '@fleetscope/diagnostics';

/** One read of a cluster's DCGM series. */
export interface DcgmReading {
  samples: DcgmSample[];
  /**
   * The XID gauge over a recent window when the source keeps history (Prometheus); null when it
   * does not (the reader then keeps its own, from one read to the next).
   */
  xidHistory: DcgmXidSeries[] | null;
  /** Where it came from, for logs and the API ("prometheus http://…", "simulator"). */
  source: string;
  /** Labels the source itself adds (the Prometheus cluster label): known, not reported as unknown. */
  sourceLabels?: string[];
}

/**
 * Port: where DCGM-exporter series come from. Adapters: Prometheus (production), the simulator's
 * exposition (demo). `read` throws on failure (the reader keeps the last good read and says so).
 * Returns null when this cluster has no DCGM source at all (its usage is unknown, not an error).
 */
export interface DcgmSampleSource {
  read(cluster: string, now: number): Promise<DcgmReading | null>;
}
