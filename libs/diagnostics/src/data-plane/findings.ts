import type {
  DeploymentRecord,
  EventRecord,
  Evidence,
  Finding,
  FindingSubject,
  PodRecord,
  ServiceRecord,
  WatchedResource,
} from '@fleetscope/types';
import { crashLoopOf, notReadyOf, type PodClassification } from '../pods/classify.ts';
import { nodeAttributes, podTroubleFinding } from '../pods/pod-findings.ts';
import { INSTANCE_TYPE_LABEL } from '../projection/pool.ts';
import { makeFinding } from '../verdict/finding.ts';
import { isoOrNull } from '../verdict/text.ts';
import type { StatusThresholds } from '../verdict/thresholds.ts';
import { byAvailability, byKey, byRestarts, objectKey } from './offenders.ts';
import type { ClusterTally } from './tally.ts';

/** Where each piece of evidence came from and how new it is. */
export interface Provenance {
  source(resource: WatchedResource): string;
  /** Epoch ms of the newest input from that resource, or null. */
  observedAt(resource: WatchedResource): number | null;
  /** Why a resource's data cannot be used; null when it can (always null offline). */
  problem(resource: WatchedResource): string | null;
}

/** The data-plane rules, in the order the verdict tells them. */
export const DATA_PLANE_RULES = {
  inputUnusable: 'data.input-unusable',
  snapshotEmpty: 'data.snapshot-empty',
  notJudged: 'data.not-judged',
  noReadyNode: 'cluster.no-ready-node',
  servingDown: 'cluster.serving-down',
  nodeNotReady: 'node.not-ready',
  nodeUnknown: 'node.unknown',
  nodeCordoned: 'node.cordoned',
  deploymentUnavailable: 'deployment.unavailable',
  deploymentBelowDesired: 'deployment.below-desired',
  serviceNoEndpoints: 'service.no-endpoints',
  podCrashLoop: 'pod.crashloop',
  podNotReady: 'pod.not-ready',
} as const;

const R = DATA_PLANE_RULES;

function watchSubject(resource: WatchedResource): FindingSubject {
  return { kind: 'Watch', namespace: null, name: resource };
}

function subjectOf(kind: string, item: { namespace: string; name: string }): FindingSubject {
  return { kind, namespace: item.namespace, name: item.name };
}

/**
 * Every data-plane finding of one cluster, in the order the verdict names them (worst offender
 * first within a rule). Pure: the tally's offender lists are the input, so the cost follows the
 * number of offenders, not the size of the cluster.
 */
export function dataPlaneFindings(
  cluster: string,
  tally: ClusterTally,
  from: Provenance,
  mode: 'live' | 'offline',
  thresholds: StatusThresholds,
): Finding[] {
  const ev = (resource: WatchedResource, signal: string, value: string, threshold?: string): Evidence => ({
    signal,
    value,
    ...(threshold === undefined ? {} : { threshold }),
    source: from.source(resource),
    observedAt: isoOrNull(from.observedAt(resource)),
  });
  const cl = (draft: Parameters<typeof makeFinding>[1]): Finding => makeFinding(cluster, draft);

  const unusable = (['nodes', 'pods'] as const).flatMap((resource) => {
    const problem = from.problem(resource);
    return problem === null ? [] : [{ resource, problem }];
  });
  if (unusable.length > 0) {
    return unusable.map(({ resource, problem }) =>
      cl({
        rule: R.inputUnusable,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'UNKNOWN',
        subjects: [watchSubject(resource)],
        attributes: { resource },
        title: problem,
        detail: `Serving health rests on ${resource}: without current data it cannot be judged, never assumed healthy.`,
        evidence: [ev(resource, `watch ${resource}`, problem)],
        nextSteps: ["See the control plane's watch findings for why this data is missing"],
        observedAt: from.observedAt(resource),
      }),
    );
  }
  const { nodes } = tally;
  if (mode === 'offline' && nodes.total === 0) {
    return [
      cl({
        rule: R.snapshotEmpty,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'UNKNOWN',
        subjects: [],
        title: 'snapshot has no nodes: serving health cannot be judged',
        detail: 'The dump holds no Node objects; dump with `kubectl get nodes,pods,... -A -o json`.',
      }),
    ];
  }

  const out: Finding[] = [];
  if (nodes.ready === 0) {
    out.push(
      cl({
        rule: R.noReadyNode,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'DOWN',
        subjects: [],
        title: nodes.total === 0 ? 'no nodes in the cluster' : `no node Ready (0 of ${nodes.total})`,
        detail: 'No node can run pods: every workload in this cluster is down or about to be.',
        evidence: [ev('nodes', 'nodes Ready', `0/${nodes.total}`, 'at least one')],
        nextSteps: [
          'kubectl get nodes -o wide',
          'Check the kubelets and the network between nodes and the API server',
        ],
        observedAt: from.observedAt('nodes'),
      }),
    );
  } else {
    for (const [rule, list, word] of [
      [R.nodeNotReady, tally.notReadyNodes, 'NotReady'],
      [R.nodeUnknown, tally.unknownNodes, 'Unknown'],
    ] as const) {
      for (const node of [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        out.push(
          cl({
            rule,
            scope: 'NODE',
            plane: 'DATA',
            status: 'DEGRADED',
            subjects: [{ kind: 'Node', namespace: null, name: node.name }],
            attributes: {
              ...nodeAttributes(node),
              ...(node.readyReason === '' ? {} : { reason: node.readyReason }),
            },
            title: `node ${node.name} ${word}${node.readyReason === '' ? '' : ` (${node.readyReason})`}`,
            detail:
              word === 'Unknown'
                ? 'The kubelet stopped posting status: its pods may still run, but nothing new lands there and evictions follow.'
                : 'The node reports itself not ready: its pods may fail and nothing new lands there.',
            evidence: [ev('nodes', 'Ready condition', word, 'True')],
            nextSteps: [
              `kubectl describe node ${node.name}`,
              `Compare with a healthy peer in pool ${node.pool}: kubectl get nodes -L ${INSTANCE_TYPE_LABEL}`,
              `kubectl cordon ${node.name} while it is investigated`,
            ],
            observedAt: from.observedAt('nodes'),
          }),
        );
      }
    }
  }

  const deploymentsProblem = from.problem('deployments');
  if (deploymentsProblem === null) {
    const none = tally.deploymentsNoneAvailable;
    const share = tally.servingDeployments === 0 ? 0 : none.length / tally.servingDeployments;
    if (share > thresholds.downUnavailableDeploymentShare) {
      out.push(
        cl({
          rule: R.servingDown,
          scope: 'CLUSTER',
          plane: 'DATA',
          status: 'DOWN',
          subjects: [...none].sort(byAvailability).map((d) => subjectOf('Deployment', d)),
          identity: [],
          title: `${none.length} of ${tally.servingDeployments} serving deployments have no available replica`,
          detail: 'Most serving workloads have no available replica: users of this cluster are affected.',
          evidence: [
            ev(
              'deployments',
              'serving deployments with no available replica',
              `${none.length} of ${tally.servingDeployments}`,
              `DOWN above ${Math.round(thresholds.downUnavailableDeploymentShare * 1000) / 10}%`,
            ),
          ],
          nextSteps: ['Look for what they share: nodes, pool, image registry, admission webhook'],
          observedAt: from.observedAt('deployments'),
        }),
      );
    }
    for (const d of [...tally.shortDeployments].sort(byAvailability)) out.push(deploymentFinding(d));
  }

  const servicesProblem = from.problem('services') ?? from.problem('endpointslices');
  if (servicesProblem === null) {
    for (const service of [...tally.servicesWithoutEndpoints].sort(byKey)) out.push(serviceFinding(service));
  }

  const eventsOf = (pod: PodRecord): readonly EventRecord[] => tally.eventsFor?.(pod) ?? [];
  for (const pod of [...tally.crashLoopingPods].sort(byRestarts)) {
    out.push(...podFinding(pod, crashLoopOf(pod, eventsOf(pod))));
  }
  for (const pod of [...tally.runningNotReadyPods].sort(byRestarts)) {
    out.push(...podFinding(pod, notReadyOf(pod, eventsOf(pod))));
  }

  // Cordoning is often deliberate (maintenance): said, but it moves no status by itself.
  for (const node of [...tally.cordonedNodes].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    out.push(
      cl({
        rule: R.nodeCordoned,
        scope: 'NODE',
        plane: 'DATA',
        status: null,
        subjects: [{ kind: 'Node', namespace: null, name: node.name }],
        attributes: nodeAttributes(node),
        title: `node ${node.name} cordoned`,
        detail: 'Unschedulable: running pods stay, nothing new lands there (often deliberate maintenance).',
        evidence: [ev('nodes', 'spec.unschedulable', 'true')],
        nextSteps: [`kubectl uncordon ${node.name} when maintenance is over`],
        observedAt: from.observedAt('nodes'),
      }),
    );
  }

  for (const [what, resource, problem] of [
    ['deployments', 'deployments', deploymentsProblem],
    ['service endpoints', 'endpointslices', servicesProblem],
  ] as const) {
    if (problem === null) continue;
    out.push(
      cl({
        rule: R.notJudged,
        scope: 'CLUSTER',
        plane: 'DATA',
        status: 'UNKNOWN',
        subjects: [watchSubject(resource)],
        attributes: { resource },
        title: `${what} not judged: ${problem}`,
        detail: `Without current ${resource}, serving cannot be confirmed (an unwatched resource never reads as healthy).`,
        observedAt: from.observedAt(resource),
      }),
    );
  }
  return out;

  function deploymentFinding(d: DeploymentRecord): Finding {
    const available = Math.max(0, d.availableReplicas);
    const none = available === 0 && d.replicas > 0;
    return cl({
      rule: none ? R.deploymentUnavailable : R.deploymentBelowDesired,
      scope: 'POD',
      plane: 'DATA',
      status: 'DEGRADED',
      subjects: [subjectOf('Deployment', d)],
      attributes: {
        namespace: d.namespace,
        owner: `Deployment/${d.namespace}/${d.name}`,
        available: String(available),
        replicas: String(d.replicas),
      },
      title: `deployment ${objectKey(d)} ${available}/${d.replicas} available`,
      detail: none
        ? 'No replica is available: whatever this deployment serves is down.'
        : 'Below its desired replicas: capacity is reduced, or a rollout is in progress or stuck.',
      evidence: [
        ev('deployments', 'available replicas', `${available}/${d.replicas}`, 'availableReplicas ≥ replicas'),
      ],
      nextSteps: [
        `kubectl -n ${d.namespace} rollout status deployment/${d.name}`,
        `kubectl -n ${d.namespace} describe deployment/${d.name}`,
        `kubectl -n ${d.namespace} get pods -l <its selector> (which pods are not Ready, and why)`,
      ],
      observedAt: from.observedAt('deployments'),
    });
  }

  function serviceFinding(service: ServiceRecord): Finding {
    return cl({
      rule: R.serviceNoEndpoints,
      scope: 'POD',
      plane: 'DATA',
      status: 'DEGRADED',
      subjects: [subjectOf('Service', service)],
      attributes: { namespace: service.namespace, service: objectKey(service) },
      title: `service ${objectKey(service)} has no ready endpoints`,
      detail: 'Traffic to this Service has nowhere to go: its users see errors.',
      evidence: [ev('endpointslices', 'ready endpoints', '0', '> 0')],
      nextSteps: [
        `kubectl -n ${service.namespace} get endpointslices -l kubernetes.io/service-name=${service.name}`,
        `kubectl -n ${service.namespace} describe service ${service.name} (does the selector match Ready pods?)`,
      ],
      observedAt: from.observedAt('endpointslices'),
    });
  }

  function podFinding(pod: PodRecord, classification: PodClassification | null): Finding[] {
    if (classification === null) return [];
    const node = pod.nodeName === '' ? undefined : tally.nodeNamed(pod.nodeName);
    return [podTroubleFinding(cluster, pod, classification, node, from.observedAt('pods'))];
  }
}
