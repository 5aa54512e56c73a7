import { createFleet, Random } from '@fleetscope/fleet-sim';
import type {
  DeploymentRecord,
  EndpointSliceRecord,
  NodeRecord,
  ObjectRecord,
  PodRecord,
  RecordKind,
  ServiceRecord,
} from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  type ClusterTally,
  IncrementalTally,
  projectObject,
  type RecordChange,
  tallyCluster,
} from '../../src/index.ts';
import { container, crashLoopContainer, node, pod } from '../factories.ts';

// The oracle is tallyCluster over the records held: the incremental tally must equal it after any
// sequence of upserts, removes and relists. The records start as the simulated fleet's clusters
// (projected as the API projects them), then random mutations move every field the tally reads.

const TALLIED: RecordKind[] = ['Node', 'Pod', 'Deployment', 'Service', 'EndpointSlice'];
const RESOURCES: Record<RecordKind, string> = {
  Node: 'nodes',
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  Service: 'services',
  EndpointSlice: 'endpointslices',
  Event: 'events',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Gateway: 'gateways',
  HTTPRoute: 'httproutes',
  GatewayClass: 'gatewayclasses',
  ReferenceGrant: 'referencegrants',
  Workload: 'workloads',
  ClusterQueue: 'clusterqueues',
  LocalQueue: 'localqueues',
  ControllerRevision: 'controllerrevisions',
  ResourceSlice: 'resourceslices',
  ResourceClaim: 'resourceclaims',
  PodDisruptionBudget: 'poddisruptionbudgets',
  Namespace: 'namespaces',
  ClusterPolicy: 'clusterpolicies',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  StorageClass: 'storageclasses',
  RuntimeClass: 'runtimeclasses',
  ResourceQuota: 'resourcequotas',
};
const MIG = 'nvidia.com/mig-1g.10gb';
const NO_GPUS: Record<string, number> = {};

function keyOf(record: ObjectRecord): string {
  return 'namespace' in record && record.namespace ? `${record.namespace}/${record.name}` : record.name;
}

/** Records by kind and key, with the changes a store reports for each write (the test's ObjectStore). */
class Records {
  readonly byKind = new Map<RecordKind, Map<string, ObjectRecord>>(TALLIED.map((k) => [k, new Map()]));
  /** Every node name ever held, so lookups of removed nodes are checked too. */
  readonly nodeNamesSeen = new Set<string>();
  #version = 0;

  of<R extends ObjectRecord>(kind: R['kind']): Map<string, R> {
    return this.byKind.get(kind) as Map<string, R>;
  }

  nextVersion(): string {
    this.#version += 1;
    return `rv-${this.#version}`;
  }

  upsert(record: ObjectRecord): RecordChange[] {
    if (record.kind === 'Node') this.nodeNamesSeen.add(record.name);
    const map = this.of(record.kind);
    const key = keyOf(record);
    const previous = map.get(key);
    map.set(key, record);
    return [{ key, previous, next: record }];
  }

  remove(kind: RecordKind, key: string): RecordChange[] {
    const map = this.of(kind);
    const previous = map.get(key);
    if (previous === undefined) return [];
    map.delete(key);
    return [{ key, previous, next: undefined }];
  }

  /** A relist: every key added, changed (new resourceVersion) or gone is one change. */
  replace(kind: RecordKind, records: ObjectRecord[]): RecordChange[] {
    const before = this.of(kind);
    const after = new Map(records.map((r) => [keyOf(r), r]));
    for (const r of records) if (r.kind === 'Node') this.nodeNamesSeen.add(r.name);
    const changes: RecordChange[] = [];
    for (const [key, previous] of before) {
      const next = after.get(key);
      if (next === undefined || next.resourceVersion !== previous.resourceVersion) {
        changes.push({ key, previous, next });
      }
    }
    for (const [key, next] of after) if (!before.has(key)) changes.push({ key, previous: undefined, next });
    this.byKind.set(kind, after);
    return changes;
  }

  tally(): ClusterTally {
    return tallyCluster({
      nodes: this.of<NodeRecord>('Node').values(),
      pods: this.of<PodRecord>('Pod').values(),
      deployments: this.of<DeploymentRecord>('Deployment').values(),
      services: this.of<ServiceRecord>('Service').values(),
      endpointSlices: this.of<EndpointSliceRecord>('EndpointSlice').values(),
    });
  }
}

/** A tally in a comparable form: offender lists sorted by key, `nodeNamed` asked for every node. */
function comparable(tally: ClusterTally, nodeNames: Iterable<string>) {
  const sorted = <R extends ObjectRecord>(list: R[]): string[] => list.map(keyOf).sort();
  const { nodeNamed, ...rest } = tally;
  return {
    ...rest,
    notReadyNodes: sorted(tally.notReadyNodes),
    unknownNodes: sorted(tally.unknownNodes),
    crashLoopingPods: sorted(tally.crashLoopingPods),
    runningNotReadyPods: sorted(tally.runningNotReadyPods),
    cordonedNodes: sorted(tally.cordonedNodes),
    shortDeployments: sorted(tally.shortDeployments),
    deploymentsNoneAvailable: sorted(tally.deploymentsNoneAvailable),
    servicesWithoutEndpoints: sorted(tally.servicesWithoutEndpoints),
    nodeNamed: [...nodeNames, 'no-such-node'].map((name) => nodeNamed(name)?.resourceVersion ?? null),
  };
}

/** Per-node, per-owner and per-pool aggregates recomputed from scratch with tallyCluster. */
function expectAggregates(records: Records, incremental: IncrementalTally): void {
  const nodes = [...records.of<NodeRecord>('Node').values()];
  const pods = [...records.of<PodRecord>('Pod').values()];
  const none = { deployments: [], services: [], endpointSlices: [] };

  const nodeNames = new Set([...nodes.map((n) => n.name), ...pods.map((p) => p.nodeName)]);
  nodeNames.delete('');
  for (const name of nodeNames) {
    const expected = tallyCluster({ ...none, nodes: [], pods: pods.filter((p) => p.nodeName === name) });
    const actual = incremental.node(name);
    expect(actual?.pods, `node ${name}`).toEqual(expected.pods);
    expect(actual?.gpus, `node ${name}`).toEqual(expected.gpus);
    expect(actual?.node?.resourceVersion).toBe(nodes.find((n) => n.name === name)?.resourceVersion);
  }
  expect(incremental.node('never-seen')).toBeUndefined();

  const owners = new Set(pods.flatMap((p) => (p.controller ? [p.controller.uid] : [])));
  for (const uid of owners) {
    const mine = pods.filter((p) => p.controller?.uid === uid);
    const expected = tallyCluster({ ...none, nodes: [], pods: mine });
    const actual = incremental.owner(uid);
    expect(actual?.pods, `owner ${uid}`).toEqual(expected.pods);
    expect(actual?.gpus, `owner ${uid}`).toEqual(expected.gpus);
  }

  const pools = [...new Set(nodes.map((n) => n.pool))].sort();
  expect(incremental.pools().map((p) => p.pool)).toEqual(pools);
  for (const pool of pools) {
    const members = nodes.filter((n) => n.pool === pool);
    const names = new Set(members.map((n) => n.name));
    const expected = tallyCluster({
      ...none,
      nodes: members,
      pods: pods.filter((p) => names.has(p.nodeName)),
    });
    const actual = incremental.pool(pool);
    expect(actual?.nodes, `pool ${pool}`).toEqual(expected.nodes);
    expect(actual?.gpus, `pool ${pool}`).toEqual(expected.gpus);
  }
}

/** Random edits of every field the tally reads; each edit gets a new resourceVersion. */
class Mutator {
  readonly #random: Random;
  readonly #records: Records;
  #serial = 0;

  constructor(random: Random, records: Records) {
    this.#random = random;
    this.#records = records;
  }

  pod(base: PodRecord): PodRecord {
    const r = this.#random;
    const nodes = [...this.#records.of<NodeRecord>('Node').keys()];
    const edits: Array<(p: PodRecord) => PodRecord> = [
      (p) => ({ ...p, phase: r.pick(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const) }),
      (p) => ({ ...p, ready: !p.ready }),
      (p) => ({ ...p, nodeName: r.chance(0.2) ? '' : r.chance(0.1) ? 'ghost-node' : r.pick(nodes) }),
      (p) => ({ ...p, gpuRequest: r.int(0, 8) }),
      (p) => ({ ...p, gpuExtendedRequest: r.chance(0.5) ? { [MIG]: r.int(1, 3) } : NO_GPUS }),
      (p) => ({ ...p, containers: [r.chance(0.5) ? crashLoopContainer(r.int(1, 9)) : container()] }),
      (p) => ({ ...p, deletionTimestamp: p.deletionTimestamp === null ? 1 : null }),
      (p) => ({
        ...p,
        controller: r.chance(0.2)
          ? null
          : {
              kind: 'ReplicaSet',
              name: `owner-${r.int(0, 4)}`,
              uid: `owner-${r.int(0, 4)}`,
              controller: true,
            },
      }),
    ];
    return { ...r.pick(edits)(base), resourceVersion: this.#records.nextVersion() };
  }

  node(base: NodeRecord): NodeRecord {
    const r = this.#random;
    const edits: Array<(n: NodeRecord) => NodeRecord> = [
      (n) => ({ ...n, ready: r.pick([true, false, null]) }),
      (n) => ({ ...n, unschedulable: !n.unschedulable }),
      (n) => ({ ...n, pool: r.pick(['h100', 'a100', 'cpu', 'mig']) }),
      (n) => ({ ...n, gpuAllocatable: r.int(0, 8) }),
      (n) => ({ ...n, gpuExtended: r.chance(0.5) ? { [MIG]: r.int(0, 14) } : NO_GPUS }),
    ];
    return { ...r.pick(edits)(base), resourceVersion: this.#records.nextVersion() };
  }

  deployment(base: DeploymentRecord): DeploymentRecord {
    const r = this.#random;
    const replicas = r.int(0, 4);
    return {
      ...base,
      replicas,
      availableReplicas: r.int(0, replicas + 1),
      resourceVersion: this.#records.nextVersion(),
    };
  }

  service(base: ServiceRecord): ServiceRecord {
    const r = this.#random;
    return {
      ...base,
      type: r.chance(0.2) ? 'ExternalName' : 'ClusterIP',
      selector: r.chance(0.2) ? {} : { app: base.name },
      resourceVersion: this.#records.nextVersion(),
    };
  }

  endpointSlice(base: EndpointSliceRecord): EndpointSliceRecord {
    const r = this.#random;
    const services = [...this.#records.of<ServiceRecord>('Service').values()].map((s) => s.name);
    return {
      ...base,
      serviceName: r.chance(0.1)
        ? ''
        : r.chance(0.3) && services.length > 0
          ? r.pick(services)
          : base.serviceName,
      readyEndpoints: r.int(0, 3),
      resourceVersion: this.#records.nextVersion(),
    };
  }

  edit(record: ObjectRecord): ObjectRecord {
    switch (record.kind) {
      case 'Pod':
        return this.pod(record);
      case 'Node':
        return this.node(record);
      case 'Deployment':
        return this.deployment(record);
      case 'Service':
        return this.service(record);
      case 'EndpointSlice':
        return this.endpointSlice(record);
      default:
        return record;
    }
  }

  /** A new record of the kind: a copy of an existing one under a new name, or a fresh one. */
  create(kind: RecordKind): ObjectRecord | undefined {
    this.#serial += 1;
    const existing = [...this.#records.of(kind).values()];
    const name = `new-${this.#serial}`;
    if (kind === 'Pod' && existing.length === 0)
      return pod(name, { resourceVersion: this.#records.nextVersion() });
    if (kind === 'Node' && existing.length === 0)
      return node(name, { resourceVersion: this.#records.nextVersion() });
    if (existing.length === 0) return undefined;
    const copy = { ...this.#random.pick(existing), name, uid: `uid-${name}` } as ObjectRecord;
    return this.edit(copy);
  }

  /** One random step: upsert (edit or create), remove, or a relist of one kind. */
  step(): RecordChange[] {
    const r = this.#random;
    const kind = r.pick(['Pod', 'Pod', 'Pod', 'Node', 'Deployment', 'Service', 'EndpointSlice'] as const);
    const map = this.#records.of(kind);
    const roll = r.next();
    if (roll < 0.03) {
      // Relist: some records gone (missed deletes), some changed, some new, the rest as they were.
      const records: ObjectRecord[] = [];
      for (const record of map.values()) {
        if (r.chance(0.1)) continue;
        // Unchanged records come back as new objects with the same resourceVersion, as a LIST gives them.
        records.push(r.chance(0.2) ? this.edit(record) : { ...record });
      }
      for (let i = r.int(0, 3); i > 0; i--) {
        const created = this.create(kind);
        if (created) records.push(created);
      }
      return this.#records.replace(kind, records);
    }
    if (roll < 0.15 && map.size > 0) return this.#records.remove(kind, r.pick([...map.keys()]));
    if (roll < 0.3 || map.size === 0) {
      const created = this.create(kind);
      return created ? this.#records.upsert(created) : [];
    }
    return this.#records.upsert(this.edit(r.pick([...map.values()])));
  }
}

function simulatedClusters(seed: number): Array<{ name: string; records: ObjectRecord[] }> {
  const fleet = createFleet({ seed, size: 'small' });
  return fleet.clusters.map((cluster) => ({
    name: cluster.name,
    records: TALLIED.flatMap((kind) =>
      cluster.list(RESOURCES[kind]).flatMap((raw) => {
        const result = projectObject(kind, raw);
        return result.ok ? [result.record] : [];
      }),
    ),
  }));
}

describe('IncrementalTally equals tallyCluster after any sequence of changes', () => {
  for (const seed of [7, 42]) {
    for (const cluster of simulatedClusters(seed)) {
      it(`seed ${seed}, cluster ${cluster.name}: initial relist, then 300 random upserts/removes/relists`, () => {
        const records = new Records();
        const incremental = new IncrementalTally();
        for (const kind of TALLIED) {
          incremental.applyAll(
            records.replace(
              kind,
              cluster.records.filter((r) => r.kind === kind),
            ),
          );
        }
        const check = (): void => {
          const names = [...records.nodeNamesSeen];
          expect(comparable(incremental.snapshot(), names)).toEqual(comparable(records.tally(), names));
        };
        check();
        expectAggregates(records, incremental);
        const mutator = new Mutator(new Random(seed).fork(cluster.name), records);
        for (let step = 1; step <= 300; step++) {
          incremental.applyAll(mutator.step());
          check();
          if (step % 25 === 0) expectAggregates(records, incremental);
        }
        // Emptied by a relist to nothing: every count and aggregate goes back to zero.
        for (const kind of TALLIED) incremental.applyAll(records.replace(kind, []));
        check();
        expect(incremental.pools()).toEqual([]);
        expect(incremental.snapshot().gpus.byResource).toEqual([]);
      });
    }
  }
});

describe('IncrementalTally: aggregates a pod event touches', () => {
  const owner = { kind: 'ReplicaSet', name: 'train-abc', uid: 'rs-1', controller: true };

  it('a pod moves its GPUs between nodes, pools and owners, and a node changing pool takes its pods along', () => {
    const tally = new IncrementalTally();
    const change = (previous: ObjectRecord | undefined, next: ObjectRecord | undefined): void => {
      const record = next ?? previous;
      if (record) tally.apply({ key: keyOf(record), previous, next });
    };
    const a = node('a', { pool: 'h100' });
    const b = node('b', { pool: 'a100', resourceVersion: '1' });
    change(undefined, a);
    change(undefined, b);
    const p1 = pod('p1', { nodeName: 'a', gpuRequest: 4, controller: owner });
    change(undefined, p1);
    expect(tally.pool('h100')?.gpus.allocated).toBe(4);
    expect(tally.node('a')?.pods.total).toBe(1);
    expect(tally.owner('rs-1')?.gpus.allocated).toBe(4);

    const revision = tally.pool('a100')?.revision;
    const moved = { ...p1, resourceVersion: '2', nodeName: 'b' };
    change(p1, moved);
    expect(tally.pool('h100')?.gpus.allocated).toBe(0);
    expect(tally.pool('a100')?.gpus.allocated).toBe(4);
    expect(tally.pool('a100')?.revision).toBeGreaterThan(revision ?? 0);
    expect(tally.node('a')?.pods.total).toBe(0);

    const relabelled = { ...b, resourceVersion: '2', pool: 'h100' };
    change(b, relabelled);
    expect(tally.pool('a100')).toBeUndefined();
    expect(tally.pool('h100')?.nodes.total).toBe(2);
    expect(tally.pool('h100')?.gpus.allocated).toBe(4);

    change(moved, undefined);
    expect(tally.owner('rs-1')).toBeUndefined();
    expect(tally.node('b')?.pods.total).toBe(0);
    change(relabelled, undefined);
    expect(tally.node('b')).toBeUndefined();
  });

  it('ignores kinds it does not count, and keeps the snapshot object while nothing changes', () => {
    const tally = new IncrementalTally();
    const first = tally.snapshot();
    expect(tally.snapshot()).toBe(first);
    const event = {
      kind: 'Event',
      uid: 'e',
      namespace: 'ml',
      name: 'e',
      resourceVersion: '1',
      type: 'Warning',
      reason: 'BackOff',
      message: '',
      involvedKind: 'Pod',
      involvedName: 'p',
      involvedNamespace: 'ml',
      count: 1,
      lastSeenAt: 0,
      reportingComponent: 'kubelet',
    } as const;
    expect(tally.apply({ key: 'ml/e', previous: undefined, next: event })).toBe(false);
    expect(tally.snapshot()).toBe(first);
    tally.apply({ key: 'a', previous: undefined, next: node('a') });
    expect(tally.snapshot()).not.toBe(first);
    expect(tally.snapshot().nodeNamed('a')?.name).toBe('a');
  });
});
