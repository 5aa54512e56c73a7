import { useMemo } from 'react';
import { type FreshnessState, useClockValue, useFreshness } from './clock.ts';
import {
  assessFreshness,
  clusterFreshnessInput,
  combineFreshness,
  type FreshnessInput,
} from './staleness.ts';

type ClusterStamp = Parameters<typeof clusterFreshnessInput>[0] & { name: string };

export interface FleetFreshness {
  /** The fleet's combined input (its stalest cluster); null without clusters. */
  combined: FreshnessInput | null;
  freshness: FreshnessState;
  /** Names of the clusters whose data is stale now, in the order given. */
  staleClusters: string[];
}

/**
 * The fleet's freshness by the server's rule, as time passes: one answer's clusters combined (the fleet is
 * as fresh as its stalest cluster) and the names of the stale ones. The fleet and triage views both judge
 * their data by this. Re-renders only when the stale set or the combined verdict changes.
 */
export function useFleetFreshness(
  clusters: readonly ClusterStamp[],
  receivedAt: number | null,
): FleetFreshness {
  const inputs = useMemo(
    () => clusters.map((c) => clusterFreshnessInput(c, receivedAt)),
    [clusters, receivedAt],
  );
  const combined = useMemo(() => combineFreshness(inputs), [inputs]);
  const freshness = useFreshness(combined);
  // Joined into one string so the caller re-renders only when the set of stale clusters changes.
  const staleList = useClockValue((nowMs) =>
    clusters
      .filter((_, i) => {
        const input = inputs[i];
        return input === undefined || assessFreshness(input, nowMs).stale;
      })
      .map((c) => c.name)
      .join('\n'),
  );
  const staleClusters = useMemo(() => (staleList === '' ? [] : staleList.split('\n')), [staleList]);
  return { combined, freshness, staleClusters };
}
