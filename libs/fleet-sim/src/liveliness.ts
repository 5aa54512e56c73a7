import { toKubeTime } from './clock.ts';
import { arr, at, rec, str } from './model/access.ts';
import type { SimCluster } from './model/cluster.ts';
import type { KubeObject } from './model/types.ts';
import { NAME_SUFFIX_ALPHABET, type Random } from './random.ts';

function isReadyNode(node: KubeObject): boolean {
  return arr(at(node, 'status', 'conditions')).some(
    (c) => str(rec(c).type) === 'Ready' && str(rec(c).status) === 'True',
  );
}

function heartbeat(cluster: SimCluster, random: Random): number {
  const ready = cluster.store.list('nodes').filter(isReadyNode);
  const now = toKubeTime(cluster.clock.now());
  let changes = 0;
  for (let i = 0; i < Math.min(3, ready.length); i++) {
    const node = random.pick(ready);
    cluster.update('nodes', undefined, node.metadata.name, (n) => {
      for (const c of arr(at(n, 'status', 'conditions'))) rec(c).lastHeartbeatTime = now;
    });
    changes++;
  }
  return changes;
}

/** A Running training pod finishes; its ReplicaSet starts a replacement on the same node. */
function recycleTrainingPod(cluster: SimCluster, random: Random): number {
  const candidates = cluster.store
    .list('pods')
    .filter(
      (p) =>
        p.metadata.labels?.['app.kubernetes.io/component'] === 'training' &&
        str(at(p, 'status', 'phase')) === 'Running' &&
        str(at(p, 'spec', 'nodeName')) !== undefined &&
        (p.metadata.ownerReferences?.length ?? 0) > 0,
    );
  if (candidates.length === 0) return 0;
  const old = random.pick(candidates);
  const ns = old.metadata.namespace ?? 'default';
  const nowMs = cluster.clock.now();
  const now = toKubeTime(nowMs);
  cluster.deletePod(ns, old.metadata.name);
  const replacement = structuredClone(old);
  const generateName = old.metadata.generateName ?? `${old.metadata.name.replace(/-[^-]+$/, '')}-`;
  replacement.metadata = {
    ...replacement.metadata,
    name: `${generateName}${random.string(5, NAME_SUFFIX_ALPHABET)}`,
    uid: random.uuid(),
    resourceVersion: '',
    creationTimestamp: now,
  };
  const status = rec(replacement.status);
  const ip = str(status.podIP);
  if (ip) {
    // Stay inside the node's /24 without colliding with the generator's low addresses.
    const parts = ip.split('.');
    parts[3] = String(200 + random.int(0, 50));
    status.podIP = parts.join('.');
    status.podIPs = [{ ip: status.podIP }];
  }
  status.startTime = now;
  for (const c of arr(status.conditions)) rec(c).lastTransitionTime = now;
  for (const s of arr(status.containerStatuses)) {
    const cs = rec(s);
    cs.state = { running: { startedAt: now } };
    cs.restartCount = 0;
    cs.containerID = `containerd://${random.string(64, '0123456789abcdef')}`;
  }
  replacement.status = status;
  const created = cluster.upsert(replacement);
  const node = str(at(created, 'spec', 'nodeName')) ?? '';
  cluster.recordEvent(
    created,
    'Scheduled',
    `Successfully assigned ${ns}/${created.metadata.name} to ${node}`,
    'Normal',
    'default-scheduler',
  );
  return 3;
}

/** Crash-looping containers restart once more; their BackOff event count grows. */
function restartCrashLoops(cluster: SimCluster, random: Random): number {
  let changes = 0;
  const nowMs = cluster.clock.now();
  for (const pod of cluster.store.list('pods')) {
    const looping = arr(at(pod, 'status', 'containerStatuses')).some(
      (s) => str(at(s, 'state', 'waiting', 'reason')) === 'CrashLoopBackOff',
    );
    if (!looping || !random.chance(0.5)) continue;
    const ns = pod.metadata.namespace ?? 'default';
    cluster.update('pods', ns, pod.metadata.name, (p) => {
      for (const s of arr(at(p, 'status', 'containerStatuses'))) {
        const cs = rec(s);
        cs.restartCount = (typeof cs.restartCount === 'number' ? cs.restartCount : 0) + 1;
        const terminated = rec(at(cs, 'lastState', 'terminated'));
        terminated.startedAt = toKubeTime(nowMs - 7000);
        terminated.finishedAt = toKubeTime(nowMs);
        cs.lastState = { terminated };
      }
    });
    changes++;
    for (const event of cluster.store.list('events')) {
      if (event.metadata.namespace !== ns || str(event.reason) !== 'BackOff') continue;
      if (str(rec(event.involvedObject).name) !== pod.metadata.name) continue;
      cluster.update('events', ns, event.metadata.name, (e) => {
        e.count = (typeof e.count === 'number' ? e.count : 0) + 1;
        e.lastTimestamp = toKubeTime(nowMs);
      });
      changes++;
    }
  }
  return changes;
}

/** One liveliness step for a cluster; returns how many objects changed. */
export function tickCluster(cluster: SimCluster, random: Random): number {
  let changes = heartbeat(cluster, random);
  if (random.chance(0.3)) changes += recycleTrainingPod(cluster, random);
  changes += restartCrashLoops(cluster, random);
  return changes;
}
