import type { SignalSet } from '@fleetscope/types';
import type { SimCluster } from '../model/cluster.ts';
import { signalsFromState } from './signals.ts';

/**
 * Named control-plane signals of a simulated cluster at `now` (epoch ms), computed directly from its
 * control-plane state — the same numbers a Prometheus scraping `/sim/metrics/*` would compute.
 * `source: 'simulator'`, rate windows `5m`.
 */
export function simulatedSignals(cluster: SimCluster, now: number = cluster.clock.now()): SignalSet {
  return signalsFromState(cluster.name, cluster.controlPlane, now);
}
