import { toKubeTime } from './clock.ts';
import { arr, at, rec, str } from './model/access.ts';
import type { SimCluster } from './model/cluster.ts';
import type { KubeObject } from './model/types.ts';
import type { Random } from './random.ts';

/**
 * Steady pod churn for load tests (`--churn` on the simulator CLI, the walls benchmark): each step
 * changes a given number of pods the way a busy cluster's kubelets do, and says what it changed and when,
 * so a consumer can time how long each change takes to reach it.
 *
 * Each step, in this order:
 * - pods made not Ready `notReadySteps` steps ago become Ready again;
 * - `notReadyShare` of the step's count (at least one when the share is above 0): Running, Ready pods
 *   turn not Ready (a readiness probe failing);
 * - one new Running, Ready pod, `churn-marker-<seq>` (a clone of a running pod, on the same node): the
 *   pod count then tells which step a view reflects;
 * - the rest: a container restart (restartCount + 1, a new start time), the pod staying Running and Ready.
 */
export interface PodChurnOptions {
  /** Share of each step's changes that turn a pod not Ready (default 0.02). */
  notReadyShare?: number;
  /** Steps a pod stays not Ready before it recovers (default 20). */
  notReadySteps?: number;
}

export interface ChurnStep {
  /** 1, 2, …: also the number of marker pods created so far. */
  seq: number;
  /** Epoch ms (the cluster's clock) when the step's changes were stored. */
  at: number;
  /** Pods changed, the marker included. */
  changed: number;
  /** "namespace/name" of pods that turned not Ready in this step. */
  notReady: string[];
  /** "namespace/name" of pods that became Ready again in this step. */
  recovered: string[];
  /** "namespace/name" of this step's marker pod. */
  marker: string;
}

interface PodKey {
  namespace: string;
  name: string;
}

function isRunningReady(pod: KubeObject): boolean {
  return (
    str(at(pod, 'status', 'phase')) === 'Running' &&
    arr(at(pod, 'status', 'conditions')).some(
      (c) => str(rec(c).type) === 'Ready' && str(rec(c).status) === 'True',
    )
  );
}

function setReady(pod: KubeObject, ready: boolean, now: string): void {
  const value = ready ? 'True' : 'False';
  for (const c of arr(at(pod, 'status', 'conditions'))) {
    const condition = rec(c);
    if (condition.type !== 'Ready' && condition.type !== 'ContainersReady') continue;
    condition.status = value;
    condition.lastTransitionTime = now;
    if (ready) {
      delete condition.reason;
      delete condition.message;
    } else {
      condition.reason = 'ContainersNotReady';
      condition.message = 'containers with unready status';
    }
  }
  for (const s of arr(at(pod, 'status', 'containerStatuses'))) rec(s).ready = ready;
}

export class PodChurn {
  readonly #cluster: SimCluster;
  readonly #random: Random;
  readonly #notReadyShare: number;
  readonly #notReadySteps: number;
  /** Pods the churn may pick: Running and Ready when it started (markers not included). */
  readonly #candidates: PodKey[];
  readonly #template: KubeObject;
  /** Pods made not Ready, by the step they recover in. */
  readonly #recoverAt = new Map<number, PodKey[]>();
  readonly #unready = new Set<string>();
  #seq = 0;

  constructor(cluster: SimCluster, random: Random, options: PodChurnOptions = {}) {
    this.#cluster = cluster;
    this.#random = random;
    this.#notReadyShare = options.notReadyShare ?? 0.02;
    this.#notReadySteps = Math.max(1, options.notReadySteps ?? 20);
    if (!(this.#notReadyShare >= 0 && this.#notReadyShare <= 1))
      throw new RangeError(`notReadyShare must be within 0..1, got ${this.#notReadyShare}`);
    const running = cluster.store.list('pods').filter(isRunningReady);
    const first = running.find((p) => str(at(p, 'spec', 'nodeName')) !== undefined);
    if (!first) throw new Error(`cluster ${cluster.name} has no Running, Ready pod on a node to churn`);
    this.#template = structuredClone(first);
    this.#candidates = running.map((p) => ({
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
    }));
  }

  /** Pods the churn picks from. */
  get candidates(): number {
    return this.#candidates.length;
  }

  /** Changes `count` pods (at least 1: the marker); see the class comment for which. */
  step(count: number): ChurnStep {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`count must be an integer ≥ 1, got ${count}`);
    const seq = ++this.#seq;
    const nowMs = this.#cluster.clock.now();
    const now = toKubeTime(nowMs);
    const store = this.#cluster.store;
    const id = (k: PodKey): string => `${k.namespace}/${k.name}`;
    let budget = count - 1;

    const recovered: string[] = [];
    for (const key of this.#recoverAt.get(seq) ?? []) {
      store.update('pods', key.namespace, key.name, (p) => setReady(p, true, now));
      this.#unready.delete(id(key));
      recovered.push(id(key));
      budget--;
    }
    this.#recoverAt.delete(seq);

    const notReady: string[] = [];
    // At least one per step when asked for any, so a small cluster churns findings too.
    const share = (count - 1) * this.#notReadyShare;
    const turning = Math.min(Math.max(0, budget), share > 0 ? Math.max(1, Math.round(share)) : 0);
    const restarts = Math.max(0, budget - turning);
    let restarted = 0;
    for (let i = 0; i < turning + restarts; i++) {
      const key = this.#pick();
      if (key === null) break;
      if (i < turning) {
        store.update('pods', key.namespace, key.name, (p) => setReady(p, false, now));
        this.#unready.add(id(key));
        const due = seq + this.#notReadySteps;
        this.#recoverAt.set(due, [...(this.#recoverAt.get(due) ?? []), key]);
        notReady.push(id(key));
      } else {
        store.update('pods', key.namespace, key.name, (p) => {
          for (const s of arr(at(p, 'status', 'containerStatuses'))) {
            const cs = rec(s);
            cs.restartCount = (typeof cs.restartCount === 'number' ? cs.restartCount : 0) + 1;
            cs.state = { running: { startedAt: now } };
          }
        });
        restarted++;
      }
    }

    const marker = structuredClone(this.#template);
    marker.metadata = {
      ...marker.metadata,
      name: `churn-marker-${seq}`,
      uid: this.#random.uuid(),
      resourceVersion: '',
      creationTimestamp: now,
    };
    // A bare pod: no controller counts it among its replicas.
    delete marker.metadata.managedFields;
    delete marker.metadata.ownerReferences;
    store.put('pods', marker);
    const markerId = `${marker.metadata.namespace ?? 'default'}/${marker.metadata.name}`;
    return {
      seq,
      at: nowMs,
      changed: recovered.length + notReady.length + restarted + 1,
      notReady,
      recovered,
      marker: markerId,
    };
  }

  /** A random candidate that is Ready now; null when none is left to pick. */
  #pick(): PodKey | null {
    for (let tries = 0; tries < 20; tries++) {
      const key = this.#random.pick(this.#candidates);
      if (!this.#unready.has(`${key.namespace}/${key.name}`)) return key;
    }
    return null;
  }
}
