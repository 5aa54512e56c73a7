import type { QueuePosition } from '@fleetscope/diagnostics';
import type { DiscoveryGet } from './optional-apis.ts';

export const VISIBILITY_GROUP = 'visibility.kueue.x-k8s.io';
/** Versions of Kueue's visibility API, preferred first (v1beta2 since Kueue v0.16, v1beta1 before). */
const VERSIONS = ['v1beta2', 'v1beta1'];

/** Positions by workload "namespace/name", or why they could not be read. */
export type QueuePositions =
  | { ok: true; positions: Map<string, QueuePosition> }
  | { ok: false; detail: string };

interface PendingWorkload {
  metadata?: { name?: unknown; namespace?: unknown };
  positionInClusterQueue?: unknown;
  positionInLocalQueue?: unknown;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Reads every ClusterQueue's pending workloads from Kueue's visibility API (an aggregated API Kueue
 * serves itself: `/apis/visibility.kueue.x-k8s.io/<v>/clusterqueues/<cq>/pendingworkloads`). Its
 * positions count from 0 (the head of the queue); they are returned counting from 1, "1 = next".
 * All or nothing: any queue that cannot be read makes the whole answer unknown, so no position is
 * shown from a partial read.
 */
export async function readQueuePositions(
  get: DiscoveryGet,
  clusterQueues: readonly string[],
): Promise<QueuePositions> {
  let group: { status: number; text: string };
  try {
    group = await get(`/apis/${VISIBILITY_GROUP}`);
  } catch (error) {
    return { ok: false, detail: `visibility API discovery failed: ${(error as Error).message}` };
  }
  if (group.status === 404) return { ok: false, detail: `the API server does not serve ${VISIBILITY_GROUP}` };
  if (group.status !== 200)
    return { ok: false, detail: `visibility API discovery answered HTTP ${group.status}` };
  const versions = ((parse(group.text) as { versions?: { version?: unknown }[] } | null)?.versions ?? []).map(
    (v) => v.version,
  );
  const version = VERSIONS.find((v) => versions.includes(v));
  if (version === undefined)
    return { ok: false, detail: `${VISIBILITY_GROUP} serves none of ${VERSIONS.join(', ')}` };
  const positions = new Map<string, QueuePosition>();
  for (const cq of clusterQueues) {
    const path = `/apis/${VISIBILITY_GROUP}/${version}/clusterqueues/${encodeURIComponent(cq)}/pendingworkloads`;
    let answer: { status: number; text: string };
    try {
      answer = await get(path);
    } catch (error) {
      return { ok: false, detail: `pendingworkloads of ClusterQueue ${cq}: ${(error as Error).message}` };
    }
    if (answer.status !== 200)
      return { ok: false, detail: `pendingworkloads of ClusterQueue ${cq} answered HTTP ${answer.status}` };
    const items = (parse(answer.text) as { items?: unknown } | null)?.items;
    if (!Array.isArray(items))
      return { ok: false, detail: `pendingworkloads of ClusterQueue ${cq}: no items` };
    for (const item of items as PendingWorkload[]) {
      const name = item.metadata?.name;
      const namespace = item.metadata?.namespace;
      const inCq = item.positionInClusterQueue;
      if (typeof name !== 'string' || typeof namespace !== 'string' || typeof inCq !== 'number') continue;
      const inLq = item.positionInLocalQueue;
      positions.set(`${namespace}/${name}`, {
        positionInClusterQueue: inCq + 1,
        positionInLocalQueue: typeof inLq === 'number' ? inLq + 1 : null,
      });
    }
  }
  return { ok: true, positions };
}
