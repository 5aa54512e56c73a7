import type { Clock } from '../clock.ts';
import { toKubeTime } from '../clock.ts';
import type { ControlPlaneSpec } from '../control-plane/spec.ts';
import { ControlPlaneState } from '../control-plane/state.ts';
import { nodeConditions, readinessTaints } from '../generate/nodes.ts';
import type { Random } from '../random.ts';
import { controlPlaneScenarioByName } from '../scenarios/control-plane/index.ts';
import { arr, isRecord, rec, str } from './access.ts';
import {
  DRA_RESOURCE_TYPES,
  GATEWAY_RESOURCE_TYPES,
  GPU_OPERATOR_RESOURCE_TYPES,
  KUEUE_RESOURCE_TYPES,
  RESOURCE_TYPES,
  type ResourceType,
  resourceTypeByKind,
  resourceTypeByName,
} from './resources.ts';
import type { ObjectStore } from './store.ts';
import type { KubeObject } from './types.ts';

export type NodeReadiness = boolean | 'Unknown';

/** The optional API groups a simulated cluster can start or stop serving at run time. */
export type OptionalApiGroup = 'gateway-api' | 'kueue';

const OPTIONAL_API_GROUPS: Record<OptionalApiGroup, readonly ResourceType[]> = {
  'gateway-api': GATEWAY_RESOURCE_TYPES,
  kueue: KUEUE_RESOURCE_TYPES,
};

/**
 * One simulated cluster: its store plus the mutation API tests and scenario scripts use. Every mutation
 * bumps the cluster's resourceVersion and is seen by open watches.
 */
export class SimCluster {
  readonly name: string;
  /** API server gitVersion served at /version. */
  readonly version: string;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly random: Random;
  /**
   * The simulated control plane (API server traffic, APF, webhooks, watch cache, etcd, scheduler,
   * controller-manager), driven by the clock. Serves `/sim/metrics/*` and shapes probe responses.
   */
  readonly controlPlane: ControlPlaneState;
  /**
   * Resource types this cluster's API server serves (the base set, plus DRA, the GPU Operator, the
   * Gateway API or Kueue when its spec opts in). Changes at run time with {@link installApiGroup} and
   * {@link removeApiGroup}, as a real server's discovery does when CRDs are created or deleted.
   */
  get served(): readonly ResourceType[] {
    return this.#served;
  }
  #served: readonly ResourceType[];
  readonly #servedListeners = new Set<(removed: readonly ResourceType[]) => void>();

  constructor(options: {
    name: string;
    version: string;
    store: ObjectStore;
    clock: Clock;
    random: Random;
    /** Initial control-plane scenario; default the healthy one. */
    controlPlane?: ControlPlaneSpec;
    /** Serve resource.k8s.io/v1 (ResourceSlices, ResourceClaims). Default false. */
    dra?: boolean;
    /** Serve gateway.networking.k8s.io/v1 (Gateways, HTTPRoutes). Default false. */
    gatewayApi?: boolean;
    /** Serve kueue.x-k8s.io/v1beta2 (Workloads, ClusterQueues, LocalQueues, ResourceFlavors). Default false. */
    kueue?: boolean;
    /** Serve the GPU Operator's ClusterPolicy CRD (nvidia.com/v1). Default false. */
    gpuOperator?: boolean;
  }) {
    this.#served = [
      ...RESOURCE_TYPES,
      ...(options.dra === true ? DRA_RESOURCE_TYPES : []),
      ...(options.gpuOperator === true ? GPU_OPERATOR_RESOURCE_TYPES : []),
      ...(options.gatewayApi === true ? GATEWAY_RESOURCE_TYPES : []),
      ...(options.kueue === true ? KUEUE_RESOURCE_TYPES : []),
    ];
    this.name = options.name;
    this.version = options.version;
    this.store = options.store;
    this.clock = options.clock;
    this.random = options.random;
    this.controlPlane = new ControlPlaneState({
      clock: options.clock,
      spec: options.controlPlane ?? controlPlaneScenarioByName('healthy').spec,
      objectCounts: () =>
        RESOURCE_TYPES.map((t) => ({ group: t.group, resource: t.name, count: this.store.count(t.name) })),
    });
  }

  /**
   * Serves an optional API group from now on, as a cluster does once its CRDs are created: it appears
   * in discovery and its paths answer. `group`: `gateway-api` (gateway.networking.k8s.io) or `kueue`.
   * Objects of it can then be upserted. No-op when already served.
   */
  installApiGroup(group: OptionalApiGroup): void {
    const types = OPTIONAL_API_GROUPS[group];
    const missing = types.filter((t) => !this.#served.includes(t));
    if (missing.length > 0) this.#served = [...this.#served, ...missing];
  }

  /**
   * Stops serving an optional API group, as when its CRDs are deleted: every object of it is deleted
   * (watchers see DELETED), then the group leaves discovery, its paths answer 404 and open watches of
   * it end. No-op when not served.
   */
  removeApiGroup(group: OptionalApiGroup): void {
    const types = OPTIONAL_API_GROUPS[group].filter((t) => this.#served.includes(t));
    if (types.length === 0) return;
    for (const t of types) {
      for (const o of this.store.list(t.name))
        this.store.remove(t.name, o.metadata.namespace, o.metadata.name);
    }
    this.#served = this.#served.filter((t) => !types.includes(t));
    for (const listener of this.#servedListeners) listener(types);
  }

  /** Calls `listener` with the resource types a {@link removeApiGroup} stopped serving; returns an unsubscribe. */
  onServingRemoved(listener: (removed: readonly ResourceType[]) => void): () => void {
    this.#servedListeners.add(listener);
    return () => this.#servedListeners.delete(listener);
  }

  /** Name of the control-plane scenario in force. */
  get controlPlaneScenario(): string {
    return this.controlPlane.spec().name;
  }

  /**
   * Switches this cluster's control plane to a named scenario (or a spec) from now on; the data plane
   * is left as it is. Counters carry on, so rates over a window that spans the switch blend both.
   */
  setControlPlaneScenario(scenario: string | ControlPlaneSpec): void {
    this.controlPlane.setSpec(
      typeof scenario === 'string' ? controlPlaneScenarioByName(scenario).spec : scenario,
    );
  }

  /** The newest resourceVersion of this cluster. */
  resourceVersion(): string {
    return this.store.resourceVersion();
  }

  /** A copy of one object, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.store.get(resourceTypeByName(resource).name, namespace, name);
    return found ? structuredClone(found) : undefined;
  }

  /** Copies of every object of a resource (optionally one namespace), in key order. */
  list(resource: string, namespace?: string): KubeObject[] {
    return this.store
      .list(resourceTypeByName(resource).name)
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .map((o) => structuredClone(o));
  }

  /** Creates or replaces an object; the resource comes from its kind. Returns the stored copy. */
  upsert(object: KubeObject): KubeObject {
    const type = resourceTypeByKind(object.kind);
    if (!type) throw new Error(`SimCluster.upsert: unsupported kind ${object.kind}`);
    const input = structuredClone(object);
    input.metadata.resourceVersion ??= '';
    return structuredClone(this.store.put(type.name, input));
  }

  /** Applies `mutate` to the stored object; returns the new copy or undefined when missing. */
  update(
    resource: string,
    namespace: string | undefined,
    name: string,
    mutate: (object: KubeObject) => void,
  ): KubeObject | undefined {
    const updated = this.store.update(resourceTypeByName(resource).name, namespace, name, mutate);
    return updated ? structuredClone(updated) : undefined;
  }

  /** Deletes an object; returns its last state or undefined when missing. */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.remove(resourceTypeByName(resource).name, namespace, name);
  }

  /** Drops watch history up to `rv` (default: now), so older versions get 410 Gone. */
  compact(rv?: string): void {
    this.store.compact(rv === undefined ? undefined : Number(rv));
  }

  /**
   * Sets a node's Ready condition like the kubelet / node lifecycle controller would: `true` → Ready,
   * `false` → NotReady (KubeletNotReady), `'Unknown'` → NodeStatusUnknown; adjusts the not-ready /
   * unreachable taints to match.
   */
  setNodeReady(name: string, ready: NodeReadiness): KubeObject | undefined {
    const status = ready === true ? 'True' : ready === false ? 'False' : 'Unknown';
    const now = this.clock.now();
    return this.update('nodes', undefined, name, (node) => {
      const nodeStatus = rec(node.status);
      nodeStatus.conditions = nodeConditions(status, now, now);
      node.status = nodeStatus;
      const spec = rec(node.spec);
      const kept = arr(spec.taints).filter((t) => {
        const key = str(rec(t).key);
        return key !== 'node.kubernetes.io/not-ready' && key !== 'node.kubernetes.io/unreachable';
      });
      const taints = [...kept, ...readinessTaints(status, now)];
      if (taints.length > 0) spec.taints = taints;
      else delete spec.taints;
      node.spec = spec;
    });
  }

  /** Marks a node unschedulable (kubectl cordon) or schedulable again. */
  cordonNode(name: string, cordoned = true): KubeObject | undefined {
    const now = this.clock.now();
    return this.update('nodes', undefined, name, (node) => {
      const spec = rec(node.spec);
      const kept = arr(spec.taints).filter((t) => str(rec(t).key) !== 'node.kubernetes.io/unschedulable');
      if (cordoned) {
        spec.unschedulable = true;
        kept.push({
          key: 'node.kubernetes.io/unschedulable',
          effect: 'NoSchedule',
          timeAdded: toKubeTime(now),
        });
      } else {
        delete spec.unschedulable;
      }
      if (kept.length > 0) spec.taints = kept;
      else delete spec.taints;
      node.spec = spec;
    });
  }

  /** Deletes a pod immediately (no graceful termination: the simulator has no kubelet to wait for). */
  deletePod(namespace: string, name: string): KubeObject | undefined {
    return this.remove('pods', namespace, name);
  }

  /** Records a core/v1 Event about an object (used by liveliness and scenario scripts). */
  recordEvent(
    involved: KubeObject,
    reason: string,
    message: string,
    type: 'Normal' | 'Warning',
    component: string,
  ): KubeObject {
    const now = this.clock.now();
    const ns = involved.metadata.namespace ?? 'default';
    const name = `${involved.metadata.name}.${(BigInt(now) * 1_000_000n + BigInt(this.random.int(0, 999_999))).toString(16)}`;
    const involvedObject: Record<string, string> = {
      kind: involved.kind,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (involved.metadata.namespace) involvedObject.namespace = involved.metadata.namespace;
    return this.upsert({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: toKubeTime(now) },
      involvedObject,
      reason,
      message,
      source: { component },
      firstTimestamp: toKubeTime(now),
      lastTimestamp: toKubeTime(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    });
  }
}

/** True when `value` looks like a Kubernetes object (has a kind and metadata.name). */
export function looksLikeObject(value: unknown): value is KubeObject {
  return isRecord(value) && typeof value.kind === 'string' && typeof rec(value.metadata).name === 'string';
}
