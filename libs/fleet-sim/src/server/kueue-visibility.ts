import { arr, rec, str } from '../model/access.ts';
import type { SimCluster } from '../model/cluster.ts';
import type { JsonObject, KubeObject } from '../model/types.ts';

/** Kueue's visibility API (an aggregated API served by Kueue itself): pending workloads in queue order. */
export const VISIBILITY_GROUP = 'visibility.kueue.x-k8s.io';
const VERSION = 'v1beta2';
const PREFIX = `/apis/${VISIBILITY_GROUP}`;

function conditionTrue(workload: KubeObject, type: string): boolean {
  return arr(rec(workload.status).conditions).some((c) => rec(c).type === type && rec(c).status === 'True');
}

/** When a workload entered its queue: its last eviction (Kueue's default requeuing timestamp), else its creation. */
function queuedAt(workload: KubeObject): number {
  const evicted = arr(rec(workload.status).conditions)
    .map(rec)
    .find((c) => c.type === 'Evicted' && c.status === 'True');
  const at = str(evicted?.lastTransitionTime) ?? str(rec(workload.metadata).creationTimestamp) ?? '';
  return Date.parse(at) || 0;
}

/**
 * The pending workloads of one ClusterQueue as Kueue's visibility API lists them: not holding quota,
 * not finished, in the order Kueue would admit them (priority, then the time they were queued), with
 * their positions in the ClusterQueue and in their LocalQueue.
 */
export function pendingWorkloads(cluster: SimCluster, clusterQueue: string): JsonObject {
  const feeds = new Map<string, string>(
    cluster
      .list('localqueues')
      .map(
        (q) => [`${q.metadata.namespace}/${q.metadata.name}`, str(rec(q.spec).clusterQueue) ?? ''] as const,
      ),
  );
  const pending = cluster
    .list('workloads')
    .filter((w) => {
      const queue = `${w.metadata.namespace}/${str(rec(w.spec).queueName) ?? ''}`;
      return (
        feeds.get(queue) === clusterQueue &&
        !conditionTrue(w, 'QuotaReserved') &&
        !conditionTrue(w, 'Finished')
      );
    })
    .sort((a, b) => {
      const pa = Number(rec(a.spec).priority ?? 0);
      const pb = Number(rec(b.spec).priority ?? 0);
      return pb - pa || queuedAt(a) - queuedAt(b);
    });
  const perLocal = new Map<string, number>();
  const items = pending.map((w, i): JsonObject => {
    const local = str(rec(w.spec).queueName) ?? '';
    const key = `${w.metadata.namespace}/${local}`;
    const inLocal = perLocal.get(key) ?? 0;
    perLocal.set(key, inLocal + 1);
    return {
      metadata: {
        name: w.metadata.name,
        namespace: w.metadata.namespace ?? '',
        creationTimestamp: w.metadata.creationTimestamp ?? null,
      },
      priority: Number(rec(w.spec).priority ?? 0),
      localQueueName: local,
      positionInClusterQueue: i,
      positionInLocalQueue: inLocal,
    };
  });
  return {
    kind: 'PendingWorkloadsSummary',
    apiVersion: `${VISIBILITY_GROUP}/${VERSION}`,
    metadata: {},
    items,
  };
}

/**
 * Answers a path under /apis/visibility.kueue.x-k8s.io for a cluster that runs Kueue: the group and
 * resource-list documents, and `clusterqueues/<cq>/pendingworkloads`. undefined: not a path it serves.
 */
export function visibilityAnswer(cluster: SimCluster, pathname: string): JsonObject | undefined {
  if (!cluster.served.some((t) => t.group === 'kueue.x-k8s.io')) return undefined;
  if (pathname !== PREFIX && !pathname.startsWith(`${PREFIX}/`)) return undefined;
  const rest = pathname
    .slice(PREFIX.length)
    .split('/')
    .filter((s) => s !== '');
  const gv = { groupVersion: `${VISIBILITY_GROUP}/${VERSION}`, version: VERSION };
  if (rest.length === 0)
    return {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: VISIBILITY_GROUP,
      versions: [gv],
      preferredVersion: gv,
    };
  if (rest[0] !== VERSION) return undefined;
  if (rest.length === 1) {
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv.groupVersion,
      resources: [
        {
          name: 'clusterqueues',
          singularName: 'clusterqueue',
          namespaced: false,
          kind: 'ClusterQueue',
          verbs: ['get'],
        },
        {
          name: 'clusterqueues/pendingworkloads',
          singularName: '',
          namespaced: false,
          kind: 'PendingWorkloadsSummary',
          verbs: ['get'],
        },
      ],
    };
  }
  if (rest.length === 4 && rest[1] === 'clusterqueues' && rest[3] === 'pendingworkloads') {
    const name = decodeURIComponent(rest[2] ?? '');
    if (cluster.store.get('clusterqueues', undefined, name) === undefined) return undefined;
    return pendingWorkloads(cluster, name);
  }
  return undefined;
}
