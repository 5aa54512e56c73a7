import {
  createFleet,
  type KubeObject,
  ObjectStore,
  Random,
  SimCluster,
  systemClock,
} from '@fleetscope/fleet-sim';
import { buildNode, buildPod, loadTemplates, nodeCountFor, type Templates } from './fixtures.ts';

/**
 * A simulated cluster at Kubernetes' envelope, for the benchmarks that go through the simulator's HTTP
 * API: N pods on N/30 nodes (5 000 nodes at 150 000 pods), in a fleet-sim `SimCluster` whose API server
 * serves them with the simulator's real list (limit/continue over one snapshot, resourceVersion) and
 * watch. The objects are cloned from a template fleet (see fixtures.ts) in one of two shapes:
 *
 * - `demo`: the demo fleet's pods and nodes (training and inference pods, MIG, time-sliced L4s, …);
 * - `openb`: the `openb` cluster of the healthy fleet at `full` size — every GPU node and running pod of
 *   Alibaba's cluster-trace-gpu-v2023 (1 213 nodes, ~5 200 pods, one Deployment per request shape) —
 *   tiled to the same size.
 *
 * The template fleet's Deployments, ReplicaSets, Services and EndpointSlices are served too, so the
 * watched resources other than pods and nodes are not empty. The scenario generator is not used at this
 * size: its placement is O(pods × nodes).
 */

export type EnvelopeShape = 'demo' | 'openb';

export const ENVELOPE_SHAPES: readonly EnvelopeShape[] = ['demo', 'openb'];

/** Resources copied as they are from the template fleet (small; not scaled). */
const COPIED = ['deployments', 'replicasets', 'services', 'endpointslices', 'statefulsets', 'daemonsets'];

interface ShapeSource {
  templates: Templates;
  copied: { resource: string; object: KubeObject }[];
}

function shapeSource(shape: EnvelopeShape): ShapeSource {
  if (shape === 'demo') {
    const fleet = createFleet({ seed: 7, size: 'demo' });
    return { templates: loadTemplates(), copied: copiedObjects(fleet.clusters) };
  }
  const fleet = createFleet({ seed: 7, size: 'full', scenario: 'healthy' });
  const openb = fleet.cluster('openb');
  return {
    templates: {
      podJson: openb.store.list('pods').map((p) => JSON.stringify(p)),
      nodeJson: openb.store.list('nodes').map((n) => JSON.stringify(n)),
    },
    copied: copiedObjects([openb]),
  };
}

function copiedObjects(clusters: readonly SimCluster[]): { resource: string; object: KubeObject }[] {
  const out: { resource: string; object: KubeObject }[] = [];
  for (const cluster of clusters)
    for (const resource of COPIED)
      for (const object of cluster.store.list(resource)) out.push({ resource, object });
  return out;
}

export interface EnvelopeCluster {
  cluster: SimCluster;
  pods: number;
  nodes: number;
  /** Keys (`namespace/name`) of every pod, in a fixed order, for churn. */
  podKeys: { namespace: string; name: string }[];
}

/** Builds the envelope cluster: `pods` pods on pods/30 nodes in the given shape. Deterministic. */
export function buildEnvelopeCluster(
  shape: EnvelopeShape,
  pods: number,
  options: { maxHistory?: number } = {},
): EnvelopeCluster {
  const source = shapeSource(shape);
  const nodes = nodeCountFor(pods);
  const random = new Random(7);
  const store = new ObjectStore({ clock: systemClock, random, maxHistory: options.maxHistory ?? 50_000 });
  for (const { resource, object } of source.copied) store.put(resource, object);
  for (let i = 0; i < nodes; i++) store.put('nodes', buildNode(source.templates, i));
  const podKeys: { namespace: string; name: string }[] = [];
  for (let i = 0; i < pods; i++) {
    const pod = store.put('pods', buildPod(source.templates, i, nodes));
    podKeys.push({ namespace: pod.metadata.namespace ?? '', name: pod.metadata.name });
  }
  // Like an API server whose watch cache started after the objects were written.
  store.compact();
  const cluster = new SimCluster({
    name: `envelope-${shape}`,
    version: 'v1.35.2',
    store,
    clock: systemClock,
    random,
  });
  return { cluster, pods, nodes, podKeys };
}

/**
 * Changes `count` pods the way a kubelet status update does: one container restarted (restartCount + 1,
 * its lastState terminated with exit code 0 at now). Pods are taken in a stride over all pods starting
 * at `cursor`, so churn visits the whole cluster, not one hot key. Returns the next cursor.
 */
export function churnPods(envelope: EnvelopeCluster, count: number, cursor: number): number {
  const { podKeys, cluster } = envelope;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let at = cursor;
  for (let i = 0; i < count; i++) {
    const key = podKeys[(at * 7_919) % podKeys.length] as { namespace: string; name: string };
    at += 1;
    cluster.store.update('pods', key.namespace, key.name, (pod) => {
      const status = pod.status as { containerStatuses?: Record<string, unknown>[] } | undefined;
      const first = status?.containerStatuses?.[0];
      if (!first) return;
      first.restartCount = (typeof first.restartCount === 'number' ? first.restartCount : 0) + 1;
      first.lastState = { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } };
    });
  }
  return at;
}

/** `--shape demo|openb` from argv (default demo). */
export function shapeFromArgs(argv: readonly string[] = process.argv.slice(2)): EnvelopeShape {
  const at = argv.indexOf('--shape');
  const raw = at >= 0 ? argv[at + 1] : 'demo';
  if (raw !== 'demo' && raw !== 'openb') throw new Error(`--shape must be demo or openb, got ${raw}`);
  return raw;
}
