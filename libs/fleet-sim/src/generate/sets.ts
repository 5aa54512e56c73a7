import { toKubeTime } from '../clock.ts';
import type { KubeObject, OwnerReference } from '../model/types.ts';
import type { IncidentSpec } from '../scenarios/spec.ts';
import type { BuildContext, NodeSlot } from './context.ts';
import { agoMs, managedFields, nameSuffix } from './meta.ts';
import { bindDemand } from './scheduling.ts';
import { buildPod, planDemand, podEvents, type WorkloadPlan } from './workloads.ts';

type SetIncident = Extract<IncidentSpec, { kind: 'set-rollout-failure' }>;

/** A StatefulSet or DaemonSet with its pods and their events. */
export interface BuiltSet {
  resource: 'statefulsets' | 'daemonsets';
  object: KubeObject;
  pods: KubeObject[];
  events: KubeObject[];
  /** Its apps/v1 ControllerRevisions: the old revision (1) and the one being rolled out (2). */
  revisions: KubeObject[];
}

/**
 * A ControllerRevision as the StatefulSet and DaemonSet controllers write it: `data` is the patch that
 * restores the template (`spec.template` with `$patch: replace`), `revision` orders them.
 */
function controllerRevision(
  ctx: BuildContext,
  i: SetIncident,
  owner: OwnerReference,
  name: string,
  revision: number,
  podTemplate: Record<string, unknown>,
  createdMs: number,
): KubeObject {
  // A forked generator: adding revisions changes no other object of a seeded fleet.
  const random = ctx.random.fork(`controllerrevision/${i.namespace}/${name}`);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: i.namespace,
      uid: random.uuid(),
      resourceVersion: '',
      creationTimestamp: toKubeTime(createdMs),
      labels: {
        ...((podTemplate.metadata as { labels?: Record<string, string> }).labels ?? {}),
        'controller-revision-hash': name,
      },
      ownerReferences: [owner],
    },
    data: { spec: { template: { $patch: 'replace', ...podTemplate } } },
    revision,
  };
}

function revisionHash(ctx: BuildContext): string {
  return nameSuffix(ctx.random, 10);
}

function renamePod(pod: KubeObject, name: string, labels: Record<string, string>): void {
  pod.metadata.name = name;
  delete pod.metadata.generateName;
  const kept = { ...(pod.metadata.labels as Record<string, string>) };
  delete kept['pod-template-hash'];
  pod.metadata.labels = { ...kept, ...labels };
}

function template(plan: WorkloadPlan, image: string): Record<string, unknown> {
  return {
    metadata: { labels: { app: plan.name } },
    spec: {
      containers: [
        { name: plan.name, image, resources: { requests: { cpu: plan.cpu, memory: plan.memory } } },
      ],
      ...(Object.keys(plan.nodeSelector).length > 0 ? { nodeSelector: plan.nodeSelector } : {}),
      ...(plan.tolerations.length > 0 ? { tolerations: plan.tolerations } : {}),
    },
  };
}

/**
 * A StatefulSet or DaemonSet caught mid rolling update by a new revision whose first pod fails: the
 * StatefulSet controller updates the highest ordinal first and waits for it to be Ready; the
 * DaemonSet controller (maxUnavailable 1) replaces one node's pod and waits for it to be available.
 * Status fields are what those controllers write at that point.
 */
export function buildSetRollout(
  ctx: BuildContext,
  nodes: readonly NodeSlot[],
  plan: WorkloadPlan,
  i: SetIncident,
): BuiltSet {
  const { random, now } = ctx;
  const created = agoMs(random, now, 60 * 24, 60 * 24 * 30);
  const uid = random.uuid();
  const oldImage = `${plan.image}:1.0.0`;
  const newImage = i.failure === 'image-pull' ? `${plan.image}:1.1.0-rc` : `${plan.image}:1.1.0`;
  const currentRevision = `${i.name}-${revisionHash(ctx)}`;
  const updateRevision = `${i.name}-${revisionHash(ctx)}`;
  const owner: OwnerReference = {
    apiVersion: 'apps/v1',
    kind: i.workload,
    name: i.name,
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
  const demand = planDemand(plan);
  const hosts =
    i.workload === 'DaemonSet'
      ? nodes
      : Array.from({ length: i.replicas ?? 3 }, (_, n) => nodes[n % nodes.length] as NodeSlot);
  const pods: KubeObject[] = [];
  const events: KubeObject[] = [];
  // The pod the update reached: the highest ordinal of a StatefulSet, the first node of a DaemonSet.
  const updatedIndex = i.workload === 'StatefulSet' ? hosts.length - 1 : 0;
  hosts.forEach((node, index) => {
    const failing = index === updatedIndex;
    const podPlan: WorkloadPlan = {
      ...plan,
      image: failing ? newImage : oldImage,
      mode: failing ? i.failure : 'running',
      replicas: 1,
    };
    bindDemand(node, demand);
    const pod = buildPod(ctx, {
      plan: podPlan,
      rsName: i.name,
      hash: '',
      owner,
      node,
      createdMs: failing ? now - 20 * 60_000 : created + index * 60_000,
      index,
    });
    const generation = failing ? '2' : '1';
    const labels: Record<string, string> = {
      'controller-revision-hash': failing ? updateRevision : currentRevision,
    };
    if (i.workload === 'StatefulSet') labels['statefulset.kubernetes.io/pod-name'] = `${i.name}-${index}`;
    else labels['pod-template-generation'] = generation;
    renamePod(
      pod,
      i.workload === 'StatefulSet' ? `${i.name}-${index}` : `${i.name}-${nameSuffix(random)}`,
      labels,
    );
    pods.push(pod);
    if (failing) events.push(...podEvents(ctx, podPlan, [pod], [node], undefined));
  });
  const total = hosts.length;
  const metadata = {
    name: i.name,
    namespace: i.namespace,
    uid,
    resourceVersion: '',
    generation: 2,
    creationTimestamp: toKubeTime(created),
    labels: { app: plan.name },
    managedFields: managedFields('kubectl-client-side-apply', 'apps/v1', created),
  };
  const spec = template(plan, newImage);
  const revisions = [
    controllerRevision(ctx, i, owner, currentRevision, 1, template(plan, oldImage), created),
    controllerRevision(ctx, i, owner, updateRevision, 2, spec, now - 25 * 60_000),
  ];
  if (i.workload === 'StatefulSet') {
    return {
      resource: 'statefulsets',
      object: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          replicas: total,
          selector: { matchLabels: { app: plan.name } },
          serviceName: i.name,
          template: spec,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          revisionHistoryLimit: 10,
        },
        status: {
          observedGeneration: 2,
          replicas: total,
          readyReplicas: total - 1,
          availableReplicas: total - 1,
          currentReplicas: total - 1,
          updatedReplicas: 1,
          currentRevision,
          updateRevision,
          collisionCount: 0,
        },
      },
      pods,
      events,
      revisions,
    };
  }
  return {
    resource: 'daemonsets',
    object: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata,
      spec: {
        selector: { matchLabels: { app: plan.name } },
        template: spec,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status: {
        observedGeneration: 2,
        desiredNumberScheduled: total,
        currentNumberScheduled: total,
        updatedNumberScheduled: 1,
        numberReady: total - 1,
        numberAvailable: total - 1,
        numberUnavailable: 1,
        numberMisscheduled: 0,
      },
    },
    pods,
    events,
    revisions,
  };
}
