/**
 * What a cached query answer may depend on. Every slice has a version (answer-slices.ts) that moves
 * whenever anything the fields below read from it may have changed; a query's answer is cached under
 * the versions of the slices its fields read, so a change of any of them is a miss.
 *
 * - `snapshot`: the fleet snapshot (`FleetSnapshot.version`): every view mapped from it (fleet, clusters,
 *   findings and their history, rollouts, troubled pods, serving, Kueue, GPU pool inventories). Every
 *   cached answer reads it (the query budget also sizes lists by the clusters it holds).
 * - `gpuPools`: each cluster's GPU pool cache refresh (node views and pending fits, on the tick).
 * - `gpuUsage`: each cluster's DCGM read (devices, time of the last good read, read status) and the
 *   namespaces' team labels.
 * - `gpuSide`: the GPU side watches (ResourceSlices, ResourceClaims, PDBs, Namespaces, ClusterPolicy):
 *   their revisions and whether each is served, and the pools' aggregate revisions.
 * - `gpuDefrag`: what defragmentation proposals are kept under (GpuDefragService.revision).
 */
export const ANSWER_SLICES = ['snapshot', 'gpuPools', 'gpuUsage', 'gpuSide', 'gpuDefrag'] as const;
export type AnswerSlice = (typeof ANSWER_SLICES)[number];

/** A field's answer is read from these slices, or it is never cached (and why). */
export type AnswerDependency = { slices: readonly AnswerSlice[] } | { never: string };

const reads = (...slices: AnswerSlice[]): AnswerDependency => ({ slices });
const never = (why: string): AnswerDependency => ({ never: why });

/**
 * Every field with its own resolver — root fields and `@ResolveField`s — says what it reads. A field that
 * only reads its parent's property needs no entry: it inherits what its parent read. A field with a
 * resolver and no entry makes a document uncacheable (fail closed); test/unit/answer-dependencies.test.ts
 * checks this registry against the resolvers of the running schema, both ways.
 *
 * Wall-clock time: no cached field reads the clock when it is asked. Times in the views are the
 * snapshot's (`generatedAt`, `lagSeconds` as of the snapshot), and what is computed with "now" (heatmap
 * XID windows, GPU usage roll-ups) is kept by its service under the same inputs listed here, so a
 * re-execution answers the same until one of them moves. Fields whose answer depends on the time they
 * are asked (a range ending now) or on I/O are never cached, so no time bucket is needed in the key.
 */
export const ANSWER_DEPENDENCIES: Readonly<Record<string, Readonly<Record<string, AnswerDependency>>>> = {
  Query: {
    fleet: reads('snapshot'),
    cluster: reads('snapshot'),
    clusterSeries: never('range queries on demand (I/O), over a range that ends now by default'),
    gpuUsageHistory: never('Prometheus range queries on demand (I/O); their answer grows as samples arrive'),
  },
  Fleet: {
    findings: reads('snapshot'),
    resolvedFindings: reads('snapshot'),
    gpu: reads('snapshot', 'gpuUsage'),
  },
  Cluster: {
    findings: reads('snapshot'),
    rollouts: reads('snapshot', 'gpuDefrag'),
    troubledPods: reads('snapshot'),
    troubledPod: reads('snapshot'),
    servingPath: reads('snapshot'),
    kueue: reads('snapshot'),
    gpuPools: reads('snapshot'),
    gpuBlockedPods: reads('gpuDefrag'),
    gpuDra: reads('gpuSide'),
    gpuOperator: reads('gpuSide'),
    gpuUsage: reads('snapshot', 'gpuUsage'),
    gpuDevices: reads('gpuUsage'),
  },
  ComponentHealth: {
    series: never('range queries on demand (I/O), over a range that ends now'),
  },
  GpuPool: {
    heatmap: reads('gpuPools', 'gpuUsage'),
    worstNodes: reads('gpuPools', 'gpuUsage'),
    blockedPods: reads('gpuPools'),
  },
  GpuPoolResource: {
    freePerNode: reads('gpuPools'),
  },
  GpuPoolBlockedPod: {
    suggestion: reads('gpuDefrag'),
  },
};
