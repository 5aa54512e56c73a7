import type { Evidence, Finding, FindingStatus, Plane, Scope, Severity } from '@fleetscope/types';
import { SEVERITY_RANK } from '@fleetscope/types';
import { compareFindings, makeFinding } from '../verdict/finding.ts';
import { STATUS_SEVERITY } from '../verdict/status.ts';
import { compareText, isoOrNull, nameList } from '../verdict/text.ts';

/** Attributes that members of a node or pool group may share, in the order they are told. */
const SHARED_KEYS = ['gpuProduct', 'driverVersion', 'instanceType', 'zone', 'cni'] as const;

/** What the triage knows beyond the findings: the clusters there are (to say "3 of 3"). */
export interface TriageContext {
  clusters: readonly string[];
  /** Nodes in a pool, when known: "5 of 12 nodes". */
  poolSize?: (cluster: string, pool: string) => number | null;
  /** Names listed in a title before "+N more". */
  maxNames?: number;
}

/** The moves the seed brief names for each scope, in order. */
export const SCOPE_NEXT_STEPS: Readonly<Record<Scope, readonly string[]>> = {
  POD: [
    'kubectl describe pod and kubectl logs --previous for one of them',
    'Diff the workload against its last good revision (kubectl rollout history / argocd app diff)',
  ],
  NODE: [
    'kubectl describe node: conditions, taints, allocatable',
    'Cordon it (kubectl cordon) and compare with a healthy peer of the same pool',
    'Check its kubelet, container runtime, CNI and device plugin pods',
  ],
  POOL: [
    'Halt rollouts that target the pool',
    "Compare the pool's labels, driver and daemonsets (GPU Operator operands) with a healthy pool",
    'Check what changed in the pool recently: node image, driver version, NodePool/node group config',
  ],
  CLUSTER: [
    'Check the API server paths, admission webhooks, DNS and CNI of the cluster',
    'Check cluster-wide changes: policies, quotas, control-plane upgrades',
  ],
  GLOBAL: [
    'Check shared dependencies: image registry, identity provider, artifact store, upstream services',
    'Fail over if a healthy region or cluster can take the traffic',
  ],
};

interface Group {
  scope: Scope;
  cluster: string;
  key: string;
  label: string;
  members: Finding[];
  shared: Record<string, string>;
  /** The label is the whole description (registry, admission, CNI groups): titled as is, never merged with other cluster-wide groups. */
  described?: boolean;
  /** The path the group impairs when the members' planes do not tell it (admission: operations unless serving is hit). */
  path?: 'operations' | 'user';
  /** Moves that fit what the members share better than the scope's generic ones, told first. */
  nextSteps?: readonly string[];
}

function impairs(f: Finding): boolean {
  if (f.rule.startsWith('scope.')) return false;
  if (f.status === 'DOWN' || f.status === 'DEGRADED') return true;
  // Pod and node troubles that move no plane status by themselves (a pending pod, an image pull
  // error, GPUs failing validation or held back as unhealthy) still count as failing subjects;
  // informational findings (a node still coming up, a pool's mixed drivers) do not.
  return f.status === null && f.severity !== 'INFO' && (f.scope === 'POD' || f.scope === 'NODE');
}

function worstStatus(members: readonly Finding[]): FindingStatus {
  let worst: FindingStatus = null;
  for (const f of members) {
    if (f.status === null) continue;
    if (worst === null || STATUS_SEVERITY[f.status] > STATUS_SEVERITY[worst]) worst = f.status;
  }
  return worst;
}

function worstSeverity(members: readonly Finding[]): Severity {
  let worst: Severity = 'INFO';
  for (const f of members) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

function planeOf(members: readonly Finding[]): Plane {
  const control = members.filter((f) => f.plane === 'CONTROL').length;
  return control * 2 > members.length ? 'CONTROL' : 'DATA';
}

/** Values every member carries for the same key. */
function sharedAttributes(members: readonly Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of SHARED_KEYS) {
    const values = new Set(members.map((f) => f.attributes[key]));
    const [only] = values;
    if (values.size === 1 && only !== undefined) out[key] = only;
  }
  return out;
}

function sharedText(shared: Record<string, string>): string {
  const parts = SHARED_KEYS.filter((k) => shared[k] !== undefined).map((k) => {
    const value = shared[k] ?? '';
    if (k === 'driverVersion') return `driver ${value}`;
    if (k === 'zone') return `zone ${value}`;
    if (k === 'cni') return `CNI ${value}`;
    return value;
  });
  return parts.length === 0 ? '' : ` — all ${parts.join(', ')}`;
}

/** "3 CrashLoopBackOff, 1 NotReady": the members' rules counted, most first. */
function whatFails(members: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of members) {
    const word = RULE_WORDS[f.rule] ?? f.rule;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .map(([word, n]) => `${n} ${word}`)
    .join(', ');
}

const RULE_WORDS: Readonly<Record<string, string>> = {
  'node.not-ready': 'NotReady',
  'node.unknown': 'Unknown',
  'pod.crashloop': 'CrashLoopBackOff',
  'pod.not-ready': 'not Ready',
  'pod.image-pull': 'image pull failing',
  'pod.config-error': 'config error',
  'pod.container-error': 'container error',
  'pod.container-creating': 'stuck ContainerCreating',
  'pod.pending-unschedulable': 'unschedulable',
  'pod.pending-gated': 'gated',
  'pod.pending-unscheduled': 'not scheduled',
  'deployment.unavailable': 'deployment unavailable',
  'deployment.below-desired': 'deployment below desired',
  'service.no-endpoints': 'service without endpoints',
  'rollout.stuck': 'rollout stuck',
  'pod.blocked-by-fragmentation': 'blocked by GPU fragmentation',
  'pod.fit-disagreement': 'scheduler/fit disagreement',
  'node.gpu-not-usable': 'GPUs not usable yet',
  'node.gpu-unhealthy': 'GPUs unhealthy',
  'pool.mixed-drivers': 'mixed drivers',
  'gateway.not-programmed': 'Gateway not programmed',
  'route.not-accepted': 'route not accepted',
  'route.backend-missing': 'route backend missing',
  'route.refs-unresolved': 'route refs unresolved',
  'route.backend-no-endpoints': 'route backend without endpoints',
  'kueue.workload-evicted': 'Kueue workload evicted',
  'kueue.clusterqueue-inactive': 'ClusterQueue not Active',
  'pvc.unbound': 'claim not bound',
  'quota.exhausted': 'quota exhausted',
};

/**
 * Rules about objects that refuse or hold back new pods (a claim that cannot bind, a quota used up):
 * alone they block changes — the operations path — while running pods keep serving.
 */
const NEW_PODS_ONLY: ReadonlySet<string> = new Set(['pvc.unbound', 'quota.exhausted']);

/**
 * The workload a finding belongs to: a Deployment's pods are owned by a ReplicaSet named
 * `<deployment>-<pod-template-hash>`, so the hash is dropped to meet the Deployment's own finding.
 */
function ownerOf(f: Finding): string {
  const s = f.subjects[0];
  const owner = f.attributes.owner ?? (s === undefined ? f.id : `${s.kind}/${s.namespace ?? ''}/${s.name}`);
  const rs = /^ReplicaSet\/([^/]+)\/(.+)-[a-z0-9]{5,10}$/.exec(owner);
  return rs === null ? owner : `Deployment/${rs[1]}/${rs[2]}`;
}

/** Groups one cluster's failing subjects: nodes, then pools, then what is left by workload. */
function triageCluster(cluster: string, items: readonly Finding[]): Group[] {
  const groups: Group[] = [];
  const clusterWide = items.filter((f) => f.scope === 'CLUSTER' || f.scope === 'GLOBAL');
  for (const f of clusterWide) {
    groups.push({ scope: 'CLUSTER', cluster, key: f.rule, label: cluster, members: [f], shared: {} });
  }
  const local = items.filter((f) => f.scope !== 'CLUSTER' && f.scope !== 'GLOBAL');

  // Nodes implicated: a finding about the node itself, or failing pods of two or more workloads there.
  const byNode = new Map<string, Finding[]>();
  for (const f of local) {
    const node = f.attributes.node;
    if (node === undefined) continue;
    const list = byNode.get(node) ?? [];
    list.push(f);
    byNode.set(node, list);
  }
  const implicated = new Map<string, Finding[]>();
  for (const [node, members] of byNode) {
    const own = members.some((f) => f.scope === 'NODE');
    const owners = new Set(members.filter((f) => f.scope === 'POD').map(ownerOf));
    if (own || owners.size >= 2) implicated.set(node, members);
  }

  // Pools: two or more implicated nodes in one pool.
  const byPool = new Map<string, string[]>();
  for (const [node, members] of implicated) {
    const pool = members.find((f) => f.attributes.pool !== undefined)?.attributes.pool;
    if (pool === undefined) continue;
    const list = byPool.get(pool) ?? [];
    list.push(node);
    byPool.set(pool, list);
  }
  const absorbed = new Set<Finding>();
  for (const [pool, nodes] of byPool) {
    if (nodes.length < 2) continue;
    const members = nodes.flatMap((n) => implicated.get(n) ?? []);
    for (const f of members) absorbed.add(f);
    for (const n of nodes) implicated.delete(n);
    const nodeMembers = members.filter((f) => f.scope === 'NODE');
    groups.push({
      scope: 'POOL',
      cluster,
      key: pool,
      label: pool,
      members,
      shared: sharedAttributes(nodeMembers.length > 0 ? nodeMembers : members),
    });
  }
  for (const [node, members] of implicated) {
    for (const f of members) absorbed.add(f);
    groups.push({
      scope: 'NODE',
      cluster,
      key: node,
      label: node,
      members,
      shared: sharedAttributes(members),
    });
  }

  // What is left fails on its own: one group per workload (or per object without an owner).
  const byOwner = new Map<string, Finding[]>();
  for (const f of local) {
    if (absorbed.has(f)) continue;
    const owner = ownerOf(f);
    const list = byOwner.get(owner) ?? [];
    list.push(f);
    byOwner.set(owner, list);
  }
  // A Service named like a Deployment in its namespace is that workload's front: one problem, not two.
  for (const [owner, members] of [...byOwner]) {
    const service = /^Service\/([^/]+)\/(.+)$/.exec(owner);
    const workload = service === null ? undefined : byOwner.get(`Deployment/${service[1]}/${service[2]}`);
    if (workload === undefined) continue;
    workload.push(...members);
    byOwner.delete(owner);
  }
  for (const [owner, members] of byOwner) {
    const newPodsOnly = members.every((f) => NEW_PODS_ONLY.has(f.rule));
    groups.push({
      scope: 'POD',
      cluster,
      key: owner,
      label: owner,
      members,
      shared: {},
      ...(newPodsOnly ? { path: 'operations' as const } : {}),
    });
  }
  return groups;
}

function evidenceOf(members: readonly Finding[], max: number): Evidence[] {
  const shown = [...members].sort(compareFindings).slice(0, max);
  const items = shown.map((f) => ({
    signal: f.rule,
    value: f.title,
    source: `cluster ${f.cluster}`,
    observedAt: isoOrNull(f.observedAt),
  }));
  if (members.length > shown.length) {
    items.push({
      signal: 'more',
      value: `+${members.length - shown.length} more findings`,
      source: 'triage',
      observedAt: null,
    });
  }
  return items;
}

function newest(members: readonly Finding[]): number | null {
  let at: number | null = null;
  for (const f of members) if (f.observedAt !== null && (at === null || f.observedAt > at)) at = f.observedAt;
  return at;
}

function dedupe(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function titleOf(group: Group, context: TriageContext, max: number): string {
  const { members } = group;
  switch (group.scope) {
    case 'POOL': {
      const nodes = new Set(members.map((f) => f.attributes.node).filter((n) => n !== undefined));
      const size = context.poolSize?.(group.cluster, group.shared.pool ?? group.key) ?? null;
      const of = size === null ? '' : ` of ${size}`;
      return `POOL ${group.label} (cluster ${group.cluster}): ${nodes.size}${of} nodes affected (${whatFails(members)})${sharedText(group.shared)}`;
    }
    case 'NODE': {
      const owners = new Set(members.filter((f) => f.scope === 'POD').map(ownerOf));
      const own = members.find((f) => f.scope === 'NODE');
      const pods = members.filter((f) => f.scope === 'POD').length;
      const podText =
        pods === 0
          ? ''
          : `${pods} failing pod${pods === 1 ? '' : 's'} from ${owners.size} workload${owners.size === 1 ? '' : 's'}`;
      return `NODE ${group.label} (cluster ${group.cluster}): ${[own?.title, podText].filter((x) => x !== undefined && x !== '').join('; ')}`;
    }
    case 'POD': {
      const names = nameList(
        dedupe(
          members.map((f) => {
            const s = f.subjects[0];
            return s === undefined ? f.id : s.namespace === null ? s.name : `${s.namespace}/${s.name}`;
          }),
        ),
        max,
      );
      return members.length === 1
        ? `POD ${names} (cluster ${group.cluster}): ${members[0]?.title ?? ''}`
        : `POD ${group.label} (cluster ${group.cluster}): ${whatFails(members)} (${names})`;
    }
    case 'CLUSTER':
      return group.described === true
        ? `CLUSTER ${group.cluster}: ${group.label}`
        : `CLUSTER ${group.cluster}: ${[...members].sort(compareFindings)[0]?.title ?? group.key}${members.length > 1 ? ` (+${members.length - 1} more)` : ''}`;
    case 'GLOBAL':
      return `GLOBAL: ${group.label}`;
  }
}

/**
 * Which path a group impairs: control-plane trouble blocks or slows changes (the operations path)
 * while running pods keep serving; data-plane trouble reaches running workloads or their capacity.
 */
function impairedPath(members: readonly Finding[]): 'operations' | 'user' {
  return planeOf(members) === 'CONTROL' ? 'operations' : 'user';
}

const PATH_TEXT = {
  operations:
    'Operations path only: changes (deploys, scaling, scheduling) are blocked or slow; existing pods keep serving.',
  user: 'User path: running workloads, or the capacity they need, are affected.',
} as const;

function scopeFinding(group: Group, context: TriageContext, max: number): Finding {
  const id = group.scope === 'GLOBAL' ? '*' : group.cluster;
  const path = group.path ?? impairedPath(group.members);
  return makeFinding(id, {
    rule: `scope.${group.scope.toLowerCase()}`,
    scope: group.scope,
    plane: planeOf(group.members),
    status: worstStatus(group.members),
    severity: worstSeverity(group.members),
    subjects: group.members.flatMap((f) => f.subjects),
    identity: [],
    qualifier: group.key,
    attributes: {
      ...group.shared,
      ...(group.scope === 'POOL' ? { pool: group.shared.pool ?? group.key } : {}),
      ...(group.scope === 'NODE' ? { node: group.key } : {}),
      ...(group.scope === 'POD' ? { owner: group.key } : {}),
      clusters: [...new Set(group.members.map((f) => f.cluster))].sort(compareText).join(','),
      findings: String(group.members.length),
      impairs: path,
    },
    title: titleOf(group, context, max),
    detail: `${
      group.scope === 'POOL'
        ? 'Several nodes of one pool fail while the cause is shared: look at what the pool has in common before the single nodes.'
        : group.scope === 'NODE'
          ? 'Failures of unrelated workloads meet on this node: the node (kubelet, runtime, CNI, device plugin) is the suspect, not the workloads.'
          : group.scope === 'POD'
            ? 'Only this workload fails: its spec, image, configuration or probes are the suspect.'
            : group.scope === 'CLUSTER'
              ? 'A cluster-wide component is impaired.'
              : 'The same failure in several clusters points at something they share.'
    } ${PATH_TEXT[path]}`,
    evidence: evidenceOf(group.members, max),
    nextSteps: [...(group.nextSteps ?? []), ...SCOPE_NEXT_STEPS[group.scope]],
    observedAt: newest(group.members),
  });
}

/**
 * Image pulls failing from one registry for two or more workloads: GLOBAL when it happens in two
 * or more clusters, CLUSTER when in one. The workloads' other findings (their Deployment, Service,
 * rollout) join the group: one problem, one finding. Members are removed from `byCluster`.
 */
function registryGroups(byCluster: Map<string, Finding[]>, context: TriageContext, max: number): Group[] {
  const byRegistry = new Map<string, Finding[]>();
  for (const list of byCluster.values()) {
    for (const f of list) {
      const registry = f.attributes.imageRegistry;
      if (registry === undefined || f.rule !== 'pod.image-pull') continue;
      const members = byRegistry.get(registry) ?? [];
      members.push(f);
      byRegistry.set(registry, members);
    }
  }
  const groups: Group[] = [];
  const total = Math.max(context.clusters.length, byCluster.size);
  for (const [registry, pulls] of [...byRegistry].sort((a, b) => compareText(a[0], b[0]))) {
    const clusters = [...new Set(pulls.map((f) => f.cluster))].sort(compareText);
    const workloads = new Set(pulls.map((f) => `${f.cluster}\u0000${ownerOf(f)}`));
    if (workloads.size < 2) continue;
    const members: Finding[] = [];
    for (const cluster of clusters) {
      const list = byCluster.get(cluster) ?? [];
      const owners = new Set(pulls.filter((f) => f.cluster === cluster).map(ownerOf));
      const taken = list.filter((f) => owners.has(ownerOf(f)));
      members.push(...taken);
      byCluster.set(
        cluster,
        list.filter((f) => !taken.includes(f)),
      );
    }
    const what = `image pulls from ${registry} failing`;
    groups.push(
      clusters.length >= 2
        ? {
            scope: 'GLOBAL',
            cluster: '*',
            key: `registry/${registry}`,
            label: `${what} in ${clusters.length} of ${total} clusters (${nameList(clusters, max)})`,
            members,
            shared: { imageRegistry: registry },
            described: true,
          }
        : {
            scope: 'CLUSTER',
            cluster: clusters[0] ?? '',
            key: `registry/${registry}`,
            label: `${what} for ${workloads.size} workloads`,
            members,
            shared: { imageRegistry: registry },
            described: true,
          },
    );
  }
  return groups;
}

/** Takes the findings `pick` selects out of one cluster's list, and returns them. */
function take(byCluster: Map<string, Finding[]>, cluster: string, pick: (f: Finding) => boolean): Finding[] {
  const list = byCluster.get(cluster) ?? [];
  const taken = list.filter(pick);
  byCluster.set(
    cluster,
    list.filter((f) => !pick(f)),
  );
  return taken;
}

/**
 * New pods refused by one admission webhook or policy (a ReplicaFailure naming it) for two or more
 * workloads, or alongside that webhook's own control-plane finding: CLUSTER, or GLOBAL when it
 * happens in two or more clusters. The operations path: old pods keep serving while changes fail,
 * unless a member already says serving is hit. One workload refused alone stays a POD finding: its
 * template is what the policy rejects.
 */
function admissionGroups(byCluster: Map<string, Finding[]>, context: TriageContext, max: number): Group[] {
  const refused = new Map<string, Finding[]>();
  for (const list of byCluster.values()) {
    for (const f of list) {
      const name = f.attributes.admission;
      if (name === undefined) continue;
      const members = refused.get(name) ?? [];
      members.push(f);
      refused.set(name, members);
    }
  }
  const groups: Group[] = [];
  const total = Math.max(context.clusters.length, byCluster.size);
  for (const [name, rollouts] of [...refused].sort((a, b) => compareText(a[0], b[0]))) {
    const clusters = [...new Set(rollouts.map((f) => f.cluster))].sort(compareText);
    const workloads = new Set(rollouts.map((f) => `${f.cluster}\u0000${ownerOf(f)}`));
    const webhookDown = (f: Finding): boolean =>
      (f.scope === 'CLUSTER' || f.scope === 'GLOBAL') && f.attributes.webhook === name;
    const ownFinding = clusters.some((c) => (byCluster.get(c) ?? []).some(webhookDown));
    if (workloads.size < 2 && !ownFinding) continue;
    const members: Finding[] = [];
    for (const cluster of clusters) {
      const owners = new Set(rollouts.filter((f) => f.cluster === cluster).map(ownerOf));
      members.push(...take(byCluster, cluster, (f) => owners.has(ownerOf(f)) || webhookDown(f)));
    }
    const first = rollouts[0];
    const engine = first?.attributes.admissionEngine ?? 'webhook';
    const who =
      engine === 'ValidatingAdmissionPolicy'
        ? `ValidatingAdmissionPolicy ${name}`
        : engine === 'webhook'
          ? `admission webhook ${name}`
          : `${engine} webhook ${name}`;
    const outcomes = new Set(rollouts.map((f) => f.attributes.admissionOutcome));
    const verb = outcomes.has('UNREACHABLE') ? 'cannot be called and refuses' : 'refuses';
    const serving = members.some(
      (f) => f.plane === 'DATA' && (f.status === 'DOWN' || f.status === 'DEGRADED'),
    );
    const shared = { admission: name, admissionEngine: engine };
    const nextSteps = [
      engine === 'ValidatingAdmissionPolicy'
        ? `kubectl get validatingadmissionpolicy ${name} -o yaml, and its bindings`
        : `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml | grep -n ${name}: its service, failurePolicy, timeoutSeconds and namespaceSelector`,
      ...(engine === 'Kyverno'
        ? ['kubectl get clusterpolicies,policies -A; kubectl get policyreports -A']
        : []),
      ...(engine === 'Gatekeeper' ? ['kubectl get constraints; kubectl get pods -n gatekeeper-system'] : []),
      'kubectl describe replicaset of a refused workload: its FailedCreate events quote the admission error',
    ];
    groups.push(
      clusters.length >= 2
        ? {
            scope: 'GLOBAL',
            cluster: '*',
            key: `admission/${name}`,
            label: `${who} ${verb} new pods in ${clusters.length} of ${total} clusters (${nameList(clusters, max)})`,
            members,
            shared,
            described: true,
            path: serving ? 'user' : 'operations',
            nextSteps,
          }
        : {
            scope: 'CLUSTER',
            cluster: clusters[0] ?? '',
            key: `admission/${name}`,
            label: `${who} ${verb} new pods of ${workloads.size} workload${workloads.size === 1 ? '' : 's'}`,
            members,
            shared,
            described: true,
            path: serving ? 'user' : 'operations',
            nextSteps,
          },
    );
  }
  return groups;
}

/**
 * Pod sandboxes failing on two or more nodes of one cluster with the same CNI plugin: the network
 * layer, not the nodes one by one. One pool: POOL (its nodes share what broke); several pools:
 * CLUSTER. On a single node the node grouping decides.
 */
function networkGroups(byCluster: Map<string, Finding[]>): Group[] {
  const groups: Group[] = [];
  for (const cluster of [...byCluster.keys()].sort(compareText)) {
    const byPlugin = new Map<string, Finding[]>();
    for (const f of byCluster.get(cluster) ?? []) {
      const plugin = f.attributes.cni;
      if (plugin === undefined || f.attributes.node === undefined) continue;
      const list = byPlugin.get(plugin) ?? [];
      list.push(f);
      byPlugin.set(plugin, list);
    }
    for (const [plugin, failing] of [...byPlugin].sort((a, b) => compareText(a[0], b[0]))) {
      const nodes = new Set(failing.map((f) => f.attributes.node));
      if (nodes.size < 2) continue;
      const pools = new Set(failing.map((f) => f.attributes.pool));
      // The workloads' other findings (their Deployment, Service, rollout) are the same problem.
      const owners = new Set(failing.map(ownerOf));
      const picked = new Set(failing);
      const members = take(byCluster, cluster, (f) => picked.has(f) || owners.has(ownerOf(f)));
      const [pool] = pools;
      const pods = `${failing.length} pod${failing.length === 1 ? '' : 's'}`;
      const nextSteps = [
        `Check the ${plugin} CNI pods (kubectl get pods -A -o wide --field-selector spec.nodeName=<node>) on the affected nodes`,
        'kubectl describe pod of one stuck pod: the FailedCreatePodSandBox message says what the plugin could not do (IP addresses, config, its agent)',
      ];
      groups.push(
        pools.size === 1 && pool !== undefined
          ? {
              scope: 'POOL',
              cluster,
              key: `${pool}/cni/${plugin}`,
              label: pool,
              members,
              shared: { ...sharedAttributes(members), pool, cni: plugin },
              nextSteps,
            }
          : {
              scope: 'CLUSTER',
              cluster,
              key: `cni/${plugin}`,
              label: `pod sandbox creation failing on ${nodes.size} nodes in ${pools.size} pools (CNI ${plugin}): ${pods} stuck ContainerCreating`,
              members,
              shared: { cni: plugin },
              described: true,
              nextSteps,
            },
      );
    }
  }
  return groups;
}

/**
 * Scope triage across the fleet: every impairing finding is placed in exactly one group — the
 * narrowest scope that explains it (shared/reference/workload-diagnostics.md, "Scope triage"):
 * - a NODE when the node itself is impaired or failing pods of two or more workloads meet there;
 * - a POOL when two or more such nodes are in one pool (saying what they share: GPU product,
 *   driver, instance type, zone);
 * - a CLUSTER for cluster-wide findings (control-plane paths, no Ready node, …);
 * - GLOBAL when the same cluster-wide rule fires in two or more clusters;
 * - otherwise POD: one group per workload (owner), so two independent problems stay two findings.
 * Returns the scope findings, widest first, each with a stable id (scope, cluster, key).
 */
export function triageScope(findings: readonly Finding[], context: TriageContext): Finding[] {
  const max = context.maxNames ?? 3;
  const byCluster = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!impairs(f)) continue;
    const list = byCluster.get(f.cluster) ?? [];
    list.push(f);
    byCluster.set(f.cluster, list);
  }
  let groups: Group[] = [
    ...registryGroups(byCluster, context, max),
    ...admissionGroups(byCluster, context, max),
    ...networkGroups(byCluster),
  ];
  for (const cluster of [...byCluster.keys()].sort(compareText)) {
    groups.push(...triageCluster(cluster, byCluster.get(cluster) ?? []));
  }

  // GLOBAL: the same cluster-wide rule in two or more clusters.
  const byRule = new Map<string, Group[]>();
  for (const g of groups) {
    if (g.scope !== 'CLUSTER' || g.described === true) continue;
    const list = byRule.get(g.key) ?? [];
    list.push(g);
    byRule.set(g.key, list);
  }
  const total = Math.max(context.clusters.length, byCluster.size);
  for (const [rule, list] of byRule) {
    const clusters = new Set(list.map((g) => g.cluster));
    if (clusters.size < 2) continue;
    groups = groups.filter((g) => !list.includes(g));
    const members = list.flatMap((g) => g.members);
    const first = members[0]?.title.replace(/\s*\(.*$/, '') ?? rule;
    groups.push({
      scope: 'GLOBAL',
      cluster: '*',
      key: rule,
      label: `${first} in ${clusters.size} of ${total} clusters (${nameList([...clusters].sort(compareText), max)})`,
      members,
      shared: {},
    });
  }

  // What is left cluster-wide in one cluster and one plane is one problem seen by several rules (slow
  // etcd fsync, slow writes, a write error ratio): one CLUSTER finding naming the worst, not five.
  const byClusterPlane = new Map<string, Group[]>();
  const kept: Group[] = [];
  for (const g of groups) {
    if (g.scope !== 'CLUSTER' || g.described === true) {
      kept.push(g);
      continue;
    }
    const key = `${g.cluster}\u0000${planeOf(g.members)}`;
    const list = byClusterPlane.get(key) ?? [];
    list.push(g);
    byClusterPlane.set(key, list);
  }
  for (const list of byClusterPlane.values()) {
    const [only] = list;
    if (list.length === 1 && only !== undefined) {
      kept.push(only);
      continue;
    }
    const members = list.flatMap((g) => g.members).sort(compareFindings);
    const cluster = list[0]?.cluster ?? '';
    kept.push({
      scope: 'CLUSTER',
      cluster,
      key: `${planeOf(members).toLowerCase()}-plane`,
      label: cluster,
      members,
      shared: {},
    });
  }
  groups = kept;

  const order: Record<Scope, number> = { GLOBAL: 0, CLUSTER: 1, POOL: 2, NODE: 3, POD: 4 };
  return groups
    .map((g) => scopeFinding(g, context, max))
    .sort((a, b) => order[a.scope] - order[b.scope] || compareFindings(a, b));
}
