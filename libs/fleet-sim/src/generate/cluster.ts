import { toKubeTime } from '../clock.ts';
import type { ObjectStore } from '../model/store.ts';
import type { KubeObject } from '../model/types.ts';
import { loadOpenbTrace, openbGpuModel, runningOpenbPods } from '../openb.ts';
import type { Random } from '../random.ts';
import type { ClusterSpec, FleetSize, IncidentSpec, PoolSpec, WorkloadSpec } from '../scenarios/spec.ts';
import { sized } from '../scenarios/spec.ts';
import { type BuildContext, createServiceIpAllocator, type NodeSlot } from './context.ts';
import { buildDraObjects } from './dra.ts';
import { applyGpuIncident, type GpuIncidentObjects } from './gpu-incidents.ts';
import { buildClusterPolicy, servesGpuOperator } from './gpu-operator.ts';
import { buildKueueObjects, KUEUE_QUEUE_LABEL, type KueueObjects } from './kueue.ts';
import { managedFields } from './meta.ts';
import { buildNode, type NodeTemplate, nodeConditions, poolTemplates, readinessTaints } from './nodes.ts';
import { type BuiltRollout, buildFailedRollout } from './rollouts.ts';
import { bindDemand, chooseNode } from './scheduling.ts';
import { buildGatewayObjects } from './serving.ts';
import { type BuiltSet, buildSetRollout } from './sets.ts';
import { buildRuntimeClasses, buildStorageClasses } from './storage.ts';
import {
  type BuiltWorkload,
  buildEndpointSlice,
  buildService,
  buildWorkload,
  GPU_TOLERATION,
  placeReplicas,
  planDemand,
  type WorkloadPlan,
} from './workloads.ts';

/** Facts about a generated cluster the store does not hold (kept for the report and tests). */
export interface GenerationReport {
  /** openb running pods left out because no sampled node had room for them. */
  openbUnplaced: number;
}

function poolSelector(pool: PoolSpec): Record<string, string> {
  if (pool.poolLabel) return { [pool.poolLabel]: pool.name };
  return pool.gpu ? { 'nvidia.com/gpu.product': pool.gpu.product } : {};
}

function findPool(spec: ClusterSpec, name: string): PoolSpec {
  const pool = spec.pools.find((p) => p.name === name);
  if (!pool) throw new Error(`scenario: cluster ${spec.name} has no pool "${name}"`);
  return pool;
}

function planFor(spec: ClusterSpec, w: WorkloadSpec, replicas: number): WorkloadPlan {
  const pool = findPool(spec, w.pool);
  return {
    namespace: w.namespace,
    name: w.name,
    role: w.role,
    image: w.image,
    cpu: w.cpu,
    memory: w.memory,
    gpus: w.gpus ?? 0,
    gpuResource: w.gpuResource ?? 'nvidia.com/gpu',
    replicas,
    nodeSelector: poolSelector(pool),
    tolerations: pool.gpu ? [GPU_TOLERATION] : [],
    mode: 'running',
    ...(w.servicePort ? { servicePort: w.servicePort } : {}),
  };
}

/** Where Fleetscope runs in every simulated cluster, and where its probes create their ConfigMaps. */
export const FLEETSCOPE_NAMESPACE = 'fleetscope';

function buildNamespace(name: string, random: Random, createdMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(createdMs),
      labels: { 'kubernetes.io/metadata.name': name },
      managedFields: managedFields('kube-apiserver', 'v1', createdMs),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function buildRootCa(namespace: string, random: Random, createdMs: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'kube-root-ca.crt',
      namespace,
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(createdMs),
      annotations: {
        'kubernetes.io/description':
          'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
      },
      managedFields: managedFields('kube-controller-manager', 'v1', createdMs),
    },
    data: {
      'ca.crt': '-----BEGIN CERTIFICATE-----\nc2ltdWxhdGVkIGNsdXN0ZXIgQ0E=\n-----END CERTIFICATE-----\n',
    },
  };
}

function applyNodeIncident(ctx: BuildContext, nodes: Map<string, KubeObject>, incident: IncidentSpec): void {
  if (incident.kind !== 'node-not-ready' && incident.kind !== 'cordoned') return;
  const inPool = ctx.nodes.filter((n) => n.pool === incident.pool);
  const slot = inPool[incident.index % Math.max(inPool.length, 1)];
  if (!slot) throw new Error(`scenario: pool ${incident.pool} of ${ctx.spec.name} has no nodes`);
  const node = nodes.get(slot.name);
  if (!node) return;
  const spec = node.spec as Record<string, unknown>;
  const taints = (spec.taints as unknown[] | undefined) ?? [];
  if (incident.kind === 'cordoned') {
    slot.unschedulable = true;
    spec.unschedulable = true;
    const taint = {
      key: 'node.kubernetes.io/unschedulable',
      effect: 'NoSchedule' as const,
      timeAdded: toKubeTime(ctx.now - 3_600_000),
    };
    spec.taints = [...taints, taint];
    slot.taints.push(taint);
    return;
  }
  const since = ctx.now - 17 * 60_000;
  slot.ready = incident.status;
  const status = node.status as Record<string, unknown>;
  // The kubelet's last heartbeat predates the transition: it stopped posting, the controller noticed.
  status.conditions = nodeConditions(incident.status, since - 40_000, since);
  const added = readinessTaints(incident.status, since);
  spec.taints = [...taints, ...added];
  slot.taints.push(...added);
}

function openbPlans(
  ctx: BuildContext,
  namespace: string,
  stride: number,
): { built: BuiltWorkload[]; unplaced: number } {
  const trace = loadOpenbTrace();
  const pods = runningOpenbPods(trace).filter((_, i) => i % stride === 0);
  const byShape = new Map<
    string,
    { plan: WorkloadPlan; placements: NodeSlot[]; tasks: string[]; milli: number[] }
  >();
  let unplaced = 0;
  for (const pod of pods) {
    const qos = pod.qos.toLowerCase();
    const name = `openb-${qos}-g${pod.numGpu}-m${pod.gpuMilli}-c${pod.cpuMilli}-r${pod.memoryMiB}`;
    let entry = byShape.get(name);
    if (!entry) {
      const plan: WorkloadPlan = {
        namespace,
        name,
        role: 'batch',
        image: 'ghcr.io/fleetscope-demo/openb-task:2023.1',
        cpu: `${pod.cpuMilli}m`,
        memory: `${pod.memoryMiB}Mi`,
        // Fractional tasks (gpu_milli < 1000) take one whole nvidia.com/gpu: the device plugin hands out
        // whole devices; the fraction is kept in an annotation for fragmentation analysis.
        gpus: pod.numGpu,
        gpuResource: 'nvidia.com/gpu',
        replicas: 0,
        nodeSelector: { 'nvidia.com/gpu.present': 'true' },
        tolerations: [GPU_TOLERATION],
        mode: 'running',
        labels: { 'openb.fleetscope.dev/qos': qos },
      };
      entry = { plan, placements: [], tasks: [], milli: [] };
      byShape.set(name, entry);
    }
    const node = chooseNode(ctx.nodes, planDemand(entry.plan));
    if (!node) {
      unplaced++;
      continue;
    }
    bindDemand(node, planDemand(entry.plan));
    entry.placements.push(node);
    entry.tasks.push(pod.name);
    entry.milli.push(pod.numGpu === 1 ? pod.gpuMilli : pod.numGpu * 1000);
  }
  const built: BuiltWorkload[] = [];
  for (const entry of byShape.values()) {
    if (entry.placements.length === 0) continue;
    const { tasks, milli } = entry;
    const plan: WorkloadPlan = {
      ...entry.plan,
      replicas: entry.placements.length,
      podAnnotations: (i) => ({
        'openb.fleetscope.dev/task': tasks[i] ?? '',
        ...(entry.plan.gpus > 0 ? { 'openb.fleetscope.dev/gpu-milli': String(milli[i] ?? 0) } : {}),
      }),
    };
    built.push(buildWorkload(ctx, plan, entry.placements));
  }
  return { built, unplaced };
}

function openbNodeTemplates(ctx: BuildContext, stride: number): NodeTemplate[] {
  const trace = loadOpenbTrace();
  return trace.nodes
    .filter((_, i) => i % stride === 0)
    .map((n, i) => {
      const model = n.model.toLowerCase();
      return {
        name: n.name,
        pool: `openb-${model}`,
        instanceType: `openb.${model}.${n.gpus}x`,
        cpu: n.cpuMilli / 1000,
        memoryBytes: n.memoryMiB * 2 ** 20,
        gpu: openbGpuModel(n.model, n.gpus),
        zone: ctx.spec.zones[i % ctx.spec.zones.length] ?? 'openb-a',
        providerId: `baremetal://${n.name}`,
        internalIp: `10.${ctx.clusterIndex}.${64 + Math.floor(i / 250)}.${(i % 250) + 4}`,
      };
    });
}

/**
 * Builds one cluster from its spec into `store`: namespaces, nodes, workloads, incidents, events. Every
 * object gets a resourceVersion from the store; history is compacted afterwards so the generated state is
 * the baseline (like an apiserver whose watch cache started after the objects were written).
 */
export function generateCluster(
  spec: ClusterSpec,
  clusterIndex: number,
  size: FleetSize,
  random: Random,
  now: number,
  store: ObjectStore,
): GenerationReport {
  const ctx: BuildContext = {
    spec,
    clusterIndex,
    size,
    random,
    now,
    store,
    nodes: [],
    nextServiceIp: createServiceIpAllocator(),
  };
  const clusterCreated = now - 90 * 24 * 3_600_000;

  // Nodes.
  const nodeObjects = new Map<string, KubeObject>();
  const templates: NodeTemplate[] = [];
  for (const pool of spec.pools) {
    const count = sized(pool.nodes, size);
    templates.push(...poolTemplates(ctx, pool, count, pool.mig ? sized(pool.mig.nodes, size) : 0));
  }
  if (spec.openb) templates.push(...openbNodeTemplates(ctx, sized(spec.openb.stride, size)));
  templates.forEach((t, i) => {
    const { node, slot } = buildNode(ctx, t, i);
    nodeObjects.set(t.name, node);
    ctx.nodes.push(slot);
  });
  const failsLater = (i: IncidentSpec): boolean => i.kind === 'node-not-ready' && i.afterPlacement === true;
  for (const incident of spec.incidents)
    if (!failsLater(incident)) applyNodeIncident(ctx, nodeObjects, incident);
  const gpuIncidents: GpuIncidentObjects = { pods: [], events: [] };
  for (const incident of spec.incidents) {
    const added = applyGpuIncident(ctx, nodeObjects, incident);
    gpuIncidents.pods.push(...added.pods);
    gpuIncidents.events.push(...added.events);
  }

  // The apiserver's own Service (no selector: it never counts as "without endpoints").
  const kubernetesSvc = buildService(ctx, 'default', 'kubernetes', undefined, 443, clusterCreated);
  kubernetesSvc.metadata.labels = { component: 'apiserver', provider: 'kubernetes' };
  const kubernetesSlice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      uid: random.uuid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: toKubeTime(clusterCreated),
      labels: {
        'kubernetes.io/service-name': 'kubernetes',
        'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
      },
      managedFields: managedFields('kube-apiserver', 'discovery.k8s.io/v1', clusterCreated),
    },
    addressType: 'IPv4',
    endpoints: [
      {
        addresses: [`10.${clusterIndex}.0.10`],
        conditions: { ready: true, serving: true, terminating: false },
      },
    ],
    ports: [{ name: 'https', protocol: 'TCP', port: 6443 }],
  };

  // Workloads.
  const built: BuiltWorkload[] = [];
  for (const w of spec.workloads) {
    const plan = planFor(spec, w, sized(w.replicas, size));
    const placements = placeReplicas(ctx, plan, plan.replicas);
    if (placements.some((p) => p === undefined)) {
      throw new Error(
        `scenario: ${spec.name}/${w.namespace}/${w.name} does not fit its pool at size ${size}`,
      );
    }
    built.push(buildWorkload(ctx, plan, placements));
  }
  let openbUnplaced = 0;
  if (spec.openb) {
    const result = openbPlans(ctx, spec.openb.namespace, sized(spec.openb.stride, size));
    built.push(...result.built);
    openbUnplaced = result.unplaced;
  }
  const extraServices: { service: KubeObject; slice: KubeObject }[] = [];
  const builtSets: BuiltSet[] = [];
  const gatewayObjects: KubeObject[] = [];
  const kueueObjects: KueueObjects[] = [];
  for (const incident of spec.incidents) {
    if (incident.kind === 'unschedulable-gpu-pod') {
      const pool = findPool(spec, incident.pool);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.name,
        role: 'training',
        image: 'nvcr.io/nvidia/pytorch:25.01-py3',
        cpu: String(incident.gpus * 6),
        memory: `${incident.gpus * 64}Gi`,
        gpus: incident.gpus,
        gpuResource: 'nvidia.com/gpu',
        replicas: 1,
        nodeSelector: poolSelector(pool),
        tolerations: [GPU_TOLERATION],
        mode: 'unschedulable',
      };
      if (chooseNode(ctx.nodes, planDemand(plan))) {
        throw new Error(
          `scenario: ${spec.name}/${incident.name} would fit a node; the incident needs a full pool`,
        );
      }
      built.push(buildWorkload(ctx, plan, [undefined]));
    } else if (incident.kind === 'unschedulable-pod') {
      const pool = findPool(spec, incident.pool);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.name,
        role: 'inference',
        image: 'ghcr.io/fleetscope-demo/indexer:2.4.1',
        cpu: incident.cpu,
        memory: incident.memory,
        gpus: 0,
        gpuResource: 'nvidia.com/gpu',
        replicas: 1,
        nodeSelector: poolSelector(pool),
        tolerations: pool.gpu ? [GPU_TOLERATION] : [],
        mode: 'unschedulable',
      };
      if (chooseNode(ctx.nodes, planDemand(plan))) {
        throw new Error(
          `scenario: ${spec.name}/${incident.name} would fit a node; the incident needs it not to`,
        );
      }
      built.push(buildWorkload(ctx, plan, [undefined]));
    } else if (incident.kind === 'crash-loop') {
      const pool = findPool(spec, incident.pool);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.name,
        role: 'inference',
        image: 'ghcr.io/fleetscope-demo/reranker:0.9.3',
        cpu: '4',
        memory: '16Gi',
        gpus: incident.gpus ?? 0,
        gpuResource: 'nvidia.com/gpu',
        replicas: 1,
        nodeSelector: poolSelector(pool),
        tolerations: pool.gpu ? [GPU_TOLERATION] : [],
        mode: 'crash-loop',
        exitCode: incident.exitCode,
        servicePort: 8080,
      };
      const placements = placeReplicas(ctx, plan, 1);
      if (placements[0] === undefined)
        throw new Error(`scenario: ${spec.name}/${incident.name} does not fit`);
      built.push(buildWorkload(ctx, plan, placements));
    } else if (incident.kind === 'init-crash-loop') {
      const pool = findPool(spec, incident.pool);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.name,
        role: 'training',
        image: 'nvcr.io/nvidia/pytorch:25.09-py3',
        cpu: '2',
        memory: '8Gi',
        gpus: incident.gpus,
        gpuResource: 'nvidia.com/gpu',
        replicas: 1,
        nodeSelector: poolSelector(pool),
        tolerations: pool.gpu ? [GPU_TOLERATION] : [],
        mode: 'init-crash-loop',
        exitCode: incident.exitCode,
      };
      const placements = placeReplicas(ctx, plan, 1);
      if (placements[0] === undefined)
        throw new Error(`scenario: ${spec.name}/${incident.name} does not fit`);
      built.push(buildWorkload(ctx, plan, placements));
    } else if (incident.kind === 'image-pull-error' || incident.kind === 'sandbox-failure') {
      // A plain service whose pods cannot start: an image that cannot be pulled, or a sandbox the CNI fails.
      const pool = findPool(spec, incident.pool);
      const pull = incident.kind === 'image-pull-error';
      const replicas = incident.replicas ?? (pull ? 1 : 2);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.name,
        role: 'service',
        image: pull ? incident.image : `registry.example.com/${incident.namespace}/${incident.name}:1.0.0`,
        cpu: '1',
        memory: '2Gi',
        gpus: 0,
        gpuResource: 'nvidia.com/gpu',
        replicas,
        nodeSelector: poolSelector(pool),
        tolerations: pool.gpu ? [GPU_TOLERATION] : [],
        mode: pull ? 'image-pull' : 'sandbox-failure',
      };
      const placements = placeReplicas(ctx, plan, replicas);
      if (placements.some((p) => p === undefined))
        throw new Error(`scenario: ${spec.name}/${incident.name} does not fit`);
      built.push(buildWorkload(ctx, plan, placements));
    } else if (incident.kind === 'rollout-failure') {
      const pool = findPool(spec, incident.pool);
      const gpus = incident.gpus ?? 0;
      built.push(
        buildFailedRollout(
          ctx,
          {
            namespace: incident.namespace,
            name: incident.name,
            role: gpus > 0 ? 'inference' : 'service',
            image: `ghcr.io/fleetscope-demo/${incident.name}:1.0.0`,
            cpu: '1',
            memory: '2Gi',
            gpus,
            gpuResource: 'nvidia.com/gpu',
            replicas: incident.replicas ?? 4,
            // Taint-blocked pods are placed by their GPU request alone: the toleration is what is missing.
            nodeSelector: incident.failure === 'untolerated-taint' ? {} : poolSelector(pool),
            tolerations: pool.gpu ? [GPU_TOLERATION] : [],
            mode: 'running',
            servicePort: 8080,
          },
          incident,
        ),
      );
    } else if (incident.kind === 'set-rollout-failure') {
      const pool = findPool(spec, incident.pool);
      const selector = poolSelector(pool);
      const poolNodes = ctx.nodes.filter((n) =>
        Object.entries(selector).every(([k, v]) => n.labels[k] === v),
      );
      builtSets.push(
        buildSetRollout(
          ctx,
          poolNodes,
          {
            namespace: incident.namespace,
            name: incident.name,
            role: 'system',
            image: `ghcr.io/fleetscope-demo/${incident.name}`,
            cpu: '100m',
            memory: '128Mi',
            gpus: 0,
            gpuResource: 'nvidia.com/gpu',
            replicas: 1,
            nodeSelector: selector,
            tolerations: pool.gpu ? [GPU_TOLERATION] : [],
            mode: 'running',
          },
          incident,
        ),
      );
    } else if (incident.kind === 'service-without-endpoints') {
      const service = buildService(
        ctx,
        incident.namespace,
        incident.name,
        incident.selector,
        8080,
        now - 86_400_000,
      );
      extraServices.push({ service, slice: buildEndpointSlice(ctx, service, [], 8080) });
    } else if (incident.kind === 'gateway-routes') {
      const routesRandom = random.fork(`gateway/${incident.namespace}/${incident.gateway}`);
      for (const route of incident.routes) {
        if (route.backendState !== 'no-endpoints') continue;
        // A Service whose selector matches no pod: the route's backend has no endpoints.
        const port = route.port ?? 8080;
        const service = buildService(
          ctx,
          incident.namespace,
          route.backend,
          { app: route.backend },
          port,
          now - 2 * 86_400_000,
        );
        extraServices.push({ service, slice: buildEndpointSlice(ctx, service, [], port) });
      }
      gatewayObjects.push(
        ...buildGatewayObjects(incident, routesRandom, now - 30 * 86_400_000, `10.${clusterIndex}.200.10`),
      );
    } else if (incident.kind === 'kueue-quota-wait') {
      const pool = findPool(spec, incident.pool);
      const plan: WorkloadPlan = {
        namespace: incident.namespace,
        name: incident.admitted,
        role: 'training',
        image: 'nvcr.io/nvidia/pytorch:25.01-py3',
        cpu: '2',
        memory: '8Gi',
        gpus: 1,
        gpuResource: 'nvidia.com/gpu',
        replicas: incident.gpus,
        nodeSelector: poolSelector(pool),
        tolerations: pool.gpu ? [GPU_TOLERATION] : [],
        mode: 'running',
        labels: { [KUEUE_QUEUE_LABEL]: incident.localQueue },
      };
      const placements = placeReplicas(ctx, plan, incident.gpus);
      if (placements.some((p) => p === undefined))
        throw new Error(`scenario: ${spec.name}/${incident.admitted} does not fit`);
      const admitted = buildWorkload(ctx, plan, placements);
      built.push(admitted);
      kueueObjects.push(
        buildKueueObjects(
          incident,
          random.fork(`kueue/${incident.clusterQueue}`),
          now,
          admitted.pods,
          poolSelector(pool),
          pool.gpu ? [{ ...GPU_TOLERATION }] : [],
        ),
      );
    }
  }

  // Nodes that fail after their pods were placed keep those pods bound to them.
  for (const incident of spec.incidents)
    if (failsLater(incident)) applyNodeIncident(ctx, nodeObjects, incident);

  // Namespaces: system ones plus every namespace a workload lives in.
  const namespaces = new Set(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  for (const b of built) namespaces.add(b.deployment.metadata.namespace ?? 'default');
  for (const s of extraServices) namespaces.add(s.service.metadata.namespace ?? 'default');
  for (const pod of gpuIncidents.pods) namespaces.add(pod.metadata.namespace ?? 'default');
  for (const pool of spec.pools) if (pool.draDevices) namespaces.add(pool.draDevices.namespace);
  for (const b of builtSets) namespaces.add(b.object.metadata.namespace ?? 'default');
  for (const o of gatewayObjects) if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  for (const k of kueueObjects) namespaces.add(k.gatedPod.metadata.namespace ?? 'default');

  const write = (resource: string, object: KubeObject): void => {
    store.put(resource, object);
  };
  for (const ns of [...namespaces].sort()) {
    const namespace = buildNamespace(ns, random, clusterCreated);
    Object.assign(namespace.metadata.labels ?? {}, spec.namespaceLabels?.[ns] ?? {});
    write('namespaces', namespace);
    write('configmaps', buildRootCa(ns, random, clusterCreated));
  }
  for (const node of nodeObjects.values()) write('nodes', node);
  write('services', kubernetesSvc);
  write('endpointslices', kubernetesSlice);
  for (const b of built) {
    write('deployments', b.deployment);
    write('replicasets', b.replicaSet);
    for (const older of b.olderReplicaSets ?? []) write('replicasets', older);
    for (const e of (b as Partial<BuiltRollout>).extra ?? []) write(e.resource, e.object);
    for (const pod of b.pods) write('pods', pod);
    if (b.service) write('services', b.service);
    if (b.endpointSlice) write('endpointslices', b.endpointSlice);
  }
  for (const s of extraServices) {
    write('services', s.service);
    write('endpointslices', s.slice);
  }
  for (const pod of gpuIncidents.pods) write('pods', pod);
  // DRA: a ResourceSlice per node of each DRA pool, and the claims allocated on them.
  for (const pool of spec.pools) {
    if (pool.draDevices === undefined) continue;
    const names = ctx.nodes.filter((n) => n.pool === pool.name).map((n) => n.name);
    const { slices, claims } = buildDraObjects(
      names,
      pool.draDevices,
      random.fork(`dra/${pool.name}`),
      clusterCreated,
    );
    for (const slice of slices) write('resourceslices', slice);
    for (const claim of claims) write('resourceclaims', claim);
  }
  for (const b of builtSets) {
    write(b.resource, b.object);
    for (const revision of b.revisions) write('controllerrevisions', revision);
    for (const pod of b.pods) write('pods', pod);
  }
  const gatewayResource: Record<string, string> = {
    GatewayClass: 'gatewayclasses',
    Gateway: 'gateways',
    HTTPRoute: 'httproutes',
    ReferenceGrant: 'referencegrants',
  };
  for (const o of gatewayObjects) write(gatewayResource[o.kind] ?? 'httproutes', o);
  for (const k of kueueObjects) {
    write('resourceflavors', k.flavor);
    write('clusterqueues', k.clusterQueue);
    write('localqueues', k.localQueue);
    write('pods', k.gatedPod);
    for (const w of k.workloads) write('workloads', w);
  }
  // Events last: their involvedObject.resourceVersion should name the stored pod version.
  for (const b of [...built, ...builtSets, { events: gpuIncidents.events }]) {
    for (const event of b.events) {
      const involved = event.involvedObject as Record<string, string>;
      const pod = store.get('pods', involved.namespace, involved.name ?? '');
      if (pod) involved.resourceVersion = pod.metadata.resourceVersion;
      write('events', event);
    }
  }
  // The GPU Operator's ClusterPolicy, from a forked generator so that no other object of a seeded fleet changed.
  if (servesGpuOperator(spec)) {
    write('clusterpolicies', buildClusterPolicy(spec, random.fork('gpu-operator'), clusterCreated));
  }
  // The default StorageClass, and the nvidia RuntimeClass where there are GPU pools: forked generators,
  // so that no other object of a seeded fleet changed.
  const storage = random.fork('storage');
  for (const c of buildStorageClasses(spec, storage, clusterCreated)) write('storageclasses', c);
  for (const c of buildRuntimeClasses(spec, storage, clusterCreated)) write('runtimeclasses', c);
  // Fleetscope's own namespace (its synthetic probes write there). Last, and from a forked generator, so
  // that adding it changed no other object of a seeded fleet.
  const own = random.fork('fleetscope-namespace');
  write('namespaces', buildNamespace(FLEETSCOPE_NAMESPACE, own, clusterCreated));
  write('configmaps', buildRootCa(FLEETSCOPE_NAMESPACE, own, clusterCreated));
  store.compact();
  return { openbUnplaced };
}
