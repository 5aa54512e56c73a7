import type {
  ClusterSummary,
  DeploymentRecord,
  EndpointSliceRecord,
  NodeRecord,
  PodRecord,
  ResourceFreshness,
  ServiceRecord,
  WatchedResource,
} from '@fleetscope/types';
import { freshnessByResource, freshnessIsStale, lastHeardAt } from '../control-plane/freshness.ts';
import { judgeControlPlane } from '../control-plane/watch-verdict.ts';
import { tallyCluster } from '../data-plane/tally.ts';
import { judgeDataPlane } from '../data-plane/verdict.ts';
import { resolveThresholds, type StatusThresholds } from '../verdict/thresholds.ts';

/** One cluster's records and watch freshness: what the API (live) and the CLI (offline) pass in. */
export interface ClusterInput {
  name: string;
  nodes: Iterable<NodeRecord>;
  pods: Iterable<PodRecord>;
  deployments: Iterable<DeploymentRecord>;
  services: Iterable<ServiceRecord>;
  endpointSlices: Iterable<EndpointSliceRecord>;
  /** Empty for offline analysis. */
  freshness: ResourceFreshness[];
  /** Epoch ms; the only clock (offline: the time the snapshot stands for). */
  now: number;
  /** Live: judge freshness; offline: a file dump has no watches — control plane is UNKNOWN with that said. */
  mode: 'live' | 'offline';
}

/** Resources the summary's counts and data-plane verdict are computed from. */
export const SUMMARY_RESOURCES: readonly WatchedResource[] = [
  'nodes',
  'pods',
  'deployments',
  'services',
  'endpointslices',
];

function newestInput(freshness: readonly ResourceFreshness[]): number | null {
  let newest: number | null = null;
  for (const f of freshness) {
    const heard = lastHeardAt(f);
    if (heard !== null && (newest === null || heard > newest)) newest = heard;
  }
  return newest;
}

/**
 * Counts and verdicts of one cluster. Each record iterable is walked once. Offline, `dataAsOf`
 * is `now` when the snapshot holds any record (the caller passes the snapshot's time) and
 * `stale` is false: a dump is a fixed point in time, not a watch that fell behind.
 */
export function summarizeCluster(
  input: ClusterInput,
  options: Partial<StatusThresholds> = {},
): ClusterSummary {
  const thresholds = resolveThresholds(options);
  const tally = tallyCluster(input);
  const freshness = [...input.freshness];
  const context = { freshness, now: input.now, mode: input.mode };

  let dataAsOf: number | null;
  let stale: boolean;
  if (input.mode === 'offline') {
    const { nodes, pods, workloads } = tally;
    const anything = nodes.total + pods.total + workloads.deployments + workloads.services > 0;
    dataAsOf = anything ? input.now : null;
    stale = false;
  } else {
    const byResource = freshnessByResource(freshness);
    dataAsOf = newestInput(freshness);
    stale = SUMMARY_RESOURCES.some((resource) => {
      const f = byResource.get(resource);
      return f === undefined || freshnessIsStale(f, input.now, thresholds.staleAfterMs);
    });
  }

  return {
    name: input.name,
    controlPlane: judgeControlPlane(context, thresholds),
    dataPlane: judgeDataPlane(tally, context, thresholds),
    nodes: tally.nodes,
    pods: tally.pods,
    gpus: tally.gpus,
    workloads: tally.workloads,
    freshness,
    dataAsOf,
    stale,
  };
}
