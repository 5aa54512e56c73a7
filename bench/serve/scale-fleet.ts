import {
  createFleet,
  healthyScenario,
  type KubeObject,
  rolloutsScenario,
  type SimCluster,
  type SimFleet,
  systemClock,
} from '@fleetscope/fleet-sim';

/**
 * A simulated fleet at Kubernetes' envelope for the serving benchmarks: the healthy demo fleet, with its
 * first cluster (`prod-us-east`) refilled to `pods` pods on `nodes` nodes. The scenario generator places
 * every pod by scanning every node (O(pods × nodes)), far too slow at 150,000 × 5,000, so the big cluster
 * is cloned instead, keeping each pod on a clone of its template's node:
 *
 * - nodes: clones of the demo fleet's 147 nodes (every cluster's pools: H100, A100 with MIG, L4
 *   time-sliced, the openb trace's GPUs, CPU system nodes), `node-00000` …;
 * - pods: clones of its ~570 Running pods. Clone r of a pod goes to clone (r mod c) of its template's
 *   node; the first c clones keep their requests (so each node carries its template's GPU allocation,
 *   never more), later clones ask for 100m CPU and 128 MiB only (the many small pods of a dense cluster).
 *
 * The other clusters stay as generated (a few hundred pods), and `prod-rollouts` (the rollouts scenario's
 * cluster: six Deployments, a StatefulSet and a DaemonSet stuck mid-rollout) joins them, so the rollouts
 * board has something to show. Deterministic for given sizes.
 */
export interface ScaleFleet {
  fleet: SimFleet;
  /** The refilled cluster. */
  big: SimCluster;
  buildMs: number;
}

const EXTENDED = /^(nvidia\.com|amd\.com|gpu\.intel\.com)\//;

function nodeName(index: number): string {
  return `node-${index.toString().padStart(5, '0')}`;
}

function shrinkRequests(pod: KubeObject): void {
  const spec = pod.spec as { containers?: { resources?: Record<string, Record<string, string>> }[] };
  for (const container of spec.containers ?? []) {
    const resources = container.resources ?? {};
    for (const part of ['requests', 'limits'] as const) {
      const values = resources[part];
      if (!values) continue;
      for (const key of Object.keys(values)) if (EXTENDED.test(key)) delete values[key];
      if (part === 'requests') {
        values.cpu = '100m';
        values.memory = '128Mi';
      } else {
        delete values.cpu;
        values.memory = '256Mi';
      }
    }
    container.resources = resources;
  }
}

export function buildScaleFleet(pods: number, nodes: number): ScaleFleet {
  const started = performance.now();
  const scenario = {
    name: 'scale',
    description:
      'The healthy fleet, its first cluster refilled to Kubernetes scale, and the rollouts cluster.',
    clusters: [...healthyScenario.clusters, ...rolloutsScenario.clusters],
  };
  const fleet = createFleet({ scenario, size: 'demo', seed: 7, clock: systemClock });
  const big = fleet.clusters[0];
  if (!big) throw new Error('the healthy fleet has no cluster');
  const healthy = new Set(healthyScenario.clusters.map((c) => c.name));

  const nodeTemplates: KubeObject[] = [];
  const podTemplates: KubeObject[] = [];
  for (const cluster of fleet.clusters.filter((c) => healthy.has(c.name))) {
    nodeTemplates.push(...cluster.store.list('nodes'));
    for (const pod of cluster.store.list('pods')) {
      const spec = pod.spec as { nodeName?: string };
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (spec.nodeName && phase === 'Running') podTemplates.push(pod);
    }
  }
  const templateIndex = new Map(nodeTemplates.map((n, i) => [n.metadata.name, i]));
  const T = nodeTemplates.length;
  if (nodes < T) throw new Error(`--nodes must be at least ${T} (one clone of every template node)`);
  const clonesOf = (k: number): number => Math.floor((nodes - 1 - k) / T) + 1;

  const store = big.store;
  for (const pod of store.list('pods')) store.remove('pods', pod.metadata.namespace, pod.metadata.name);
  for (const node of store.list('nodes')) store.remove('nodes', undefined, node.metadata.name);

  const nodeJson = nodeTemplates.map((n) => JSON.stringify(n));
  for (let i = 0; i < nodes; i++) {
    const node = JSON.parse(nodeJson[i % T] as string) as KubeObject;
    const name = nodeName(i);
    node.metadata.name = name;
    node.metadata.uid = '';
    node.metadata.resourceVersion = '';
    node.metadata.labels = { ...(node.metadata.labels ?? {}), 'kubernetes.io/hostname': name };
    store.put('nodes', node);
  }

  const podJson = podTemplates.map((p) => JSON.stringify(p));
  const P = podTemplates.length;
  for (let j = 0; j < pods; j++) {
    const p = j % P;
    const r = Math.floor(j / P);
    const pod = JSON.parse(podJson[p] as string) as KubeObject;
    const spec = pod.spec as { nodeName: string };
    const k = templateIndex.get(spec.nodeName) ?? 0;
    const c = clonesOf(k);
    spec.nodeName = nodeName(k + T * (r % c));
    if (r >= c) shrinkRequests(pod);
    pod.metadata.name = `${pod.metadata.name}-${r.toString(36)}`;
    pod.metadata.uid = '';
    pod.metadata.resourceVersion = '';
    store.put('pods', pod);
  }
  // No client saw the history of the refill: start watch history after it, as after a restart.
  big.compact();
  return { fleet, big, buildMs: performance.now() - started };
}
