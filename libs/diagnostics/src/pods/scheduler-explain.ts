import type { SchedulerMessage, SchedulerReason } from './scheduler-message.ts';

/**
 * What one reason means for a person, as a predicate of "N nodes …" ("lack free nvidia.com/gpu");
 * reasons without a phrase of their own come back as ": <reason as written>".
 */
export function reasonMeaning(r: SchedulerReason): string {
  const text = r.reason;
  switch (r.plugin) {
    case 'NodeResourcesFit':
      if (r.resource === 'pods') return 'are at the pod limit (allocatable pods)';
      return `lack free ${r.resource ?? 'resources'} (the request would exceed allocatable)`;
    case 'TaintToleration': {
      const taint = /\{([^}]*)\}/.exec(text)?.[1];
      return taint === undefined
        ? 'have a taint the pod does not tolerate'
        : `have a taint the pod does not tolerate (${taint.trim().replace(/:\s*$/, '')})`;
    }
    case 'NodeAffinity':
      return /scheduler-enforced/i.test(text)
        ? "don't match the scheduler profile's enforced node affinity"
        : /terms conflict/i.test(text)
          ? "the pod's affinity terms contradict each other"
          : "don't match the pod's nodeSelector or required node affinity";
    case 'NodeName':
      return 'are not the node the pod names in spec.nodeName';
    case 'NodePorts':
      return 'already use a host port the pod asks for';
    case 'NodeUnschedulable':
      return /unknown conditions/i.test(text)
        ? 'have unknown conditions'
        : 'are cordoned (spec.unschedulable)';
    case 'InterPodAffinity':
      return /existing pods anti-affinity/i.test(text)
        ? 'run pods whose anti-affinity rejects this pod'
        : /anti-affinity/i.test(text)
          ? "would break the pod's required anti-affinity"
          : "don't satisfy the pod's required pod affinity";
    case 'PodTopologySpread':
      return `would break a topology spread constraint (DoNotSchedule)${/missing required label/i.test(text) ? ': missing the topology label' : ''}`;
    case 'VolumeBinding':
    case 'VolumeRestrictions':
    case 'VolumeZone':
    case 'NodeVolumeLimits':
      return `fail a volume check: ${text}`;
    case 'DynamicResources':
      return `fail a DRA check: ${text}`;
    case 'DefaultPreemption':
      if (/not helpful/i.test(text)) return 'would not fit it even after evicting lower-priority pods';
      if (/no preemption victims/i.test(text)) return 'have no lower-priority pods to evict';
      if (/preemptionPolicy=Never/i.test(text)) return 'the pod may not preempt (preemptionPolicy: Never)';
      return `: ${text}`;
    default:
      return `: ${text}`;
  }
}

/** The next thing to check for the reason that rejected the most nodes. */
function advice(r: SchedulerReason): string {
  switch (r.plugin) {
    case 'NodeResourcesFit':
      return r.resource !== null && /gpu|nvidia|amd\.com|mig-/i.test(r.resource)
        ? `GPU fit is per node: a pod asking for N ${r.resource} needs N free on one node. Compare each node's allocatable with what its pods request (kubectl describe nodes), not the pool's total.`
        : `Compare the pod's requests with what each node has left (kubectl describe nodes: "Allocated resources"); scale the pool or lower the requests.`;
    case 'TaintToleration':
      return 'Add the toleration if the pod belongs on those nodes, or target the pool meant for it (nodeSelector/affinity).';
    case 'NodeAffinity':
      return "Check the pod's nodeSelector/affinity against the nodes' labels: kubectl get nodes --show-labels.";
    case 'NodeUnschedulable':
      return 'Nodes are cordoned: uncordon them when maintenance is over, or add capacity.';
    case 'InterPodAffinity':
    case 'PodTopologySpread':
      return 'The placement rules cannot be met with the nodes there are: relax them (preferred instead of required, larger maxSkew) or add nodes in the missing domain.';
    case 'VolumeBinding':
    case 'VolumeRestrictions':
    case 'VolumeZone':
    case 'NodeVolumeLimits':
      return "Check the pod's PersistentVolumeClaims: kubectl get pvc (Bound?), their StorageClass and its volumeBindingMode.";
    case 'DynamicResources':
      return 'Check the ResourceClaims and the ResourceSlices that should satisfy them (kubectl get resourceclaims,resourceslices).';
    default:
      return 'Read the reason as the scheduler (or its extender) wrote it.';
  }
}

const SINGULAR: Readonly<Record<string, string>> = {
  are: 'is',
  have: 'has',
  lack: 'lacks',
  fail: 'fails',
  run: 'runs',
  use: 'uses',
  "don't": "doesn't",
};

/** " lack free cpu" after "3 nodes", " lacks free cpu" after "1 node", ": Foo" for verbatim reasons. */
export function reasonPhrase(r: SchedulerReason): string {
  const meaning = reasonMeaning(r);
  if (meaning.startsWith(':') || r.count !== 1) return meaning.startsWith(':') ? meaning : ` ${meaning}`;
  const words = meaning.split(' ');
  const at = words[0] === 'already' ? 1 : 0;
  words[at] = SINGULAR[words[at] ?? ''] ?? words[at] ?? '';
  return ` ${words.join(' ')}`;
}

function pad(n: number | null, width: number): string {
  return (n === null ? '' : String(n)).padStart(width);
}

/**
 * The parsed message explained for a person: how many nodes, why each group of nodes was
 * rejected (worst first), what preemption found, and the first thing to check.
 */
export function explainSchedulerMessage(message: SchedulerMessage): string {
  const lines: string[] = [];
  const total = message.nodesTotal;
  lines.push(
    total === null
      ? 'kube-scheduler: no node fits this pod.'
      : total === 0
        ? 'kube-scheduler: there are no nodes to schedule on.'
        : `kube-scheduler: none of the ${total} nodes fits this pod.`,
  );
  const width = Math.max(1, ...message.reasons.map((r) => String(r.count ?? '').length));
  const block = (title: string, reasons: SchedulerReason[]): void => {
    if (reasons.length === 0) return;
    lines.push(title);
    for (const r of [...reasons].sort((a, b) => (b.count ?? 0) - (a.count ?? 0))) {
      const plugin = r.plugin === null ? '' : `  [${r.plugin}]`;
      const who = r.count === null ? '' : ` node${r.count === 1 ? '' : 's'}`;
      const text = r.count === null ? `- ${r.reason}` : `${who}${reasonPhrase(r)}`;
      lines.push(`  ${pad(r.count, width)}${text}${plugin}`);
    }
  };
  const prefilter = message.reasons.filter((r) => r.section === 'prefilter');
  const filter = message.reasons.filter((r) => r.section === 'filter');
  const postfilter = message.reasons.filter((r) => r.section === 'postfilter');
  block('Rejected before any node was tried:', prefilter);
  block('Why nodes were rejected (one node can fail several checks):', filter);
  block('Preemption (would evicting lower-priority pods help?):', postfilter);
  const lead = prefilter[0] ?? [...filter].sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0];
  if (lead !== undefined) lines.push(`Next: ${advice(lead)}`);
  return `${lines.join('\n')}\n`;
}
