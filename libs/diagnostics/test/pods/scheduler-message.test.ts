import { describe, expect, it } from 'vitest';
import {
  explainSchedulerMessage,
  isTruncatedSchedulerMessage,
  parseSchedulerMessage,
  type SchedulerReason,
} from '../../src/index.ts';

type Row = [
  section: SchedulerReason['section'],
  count: number | null,
  plugin: string | null,
  resource?: string,
];

function rows(text: string): Row[] {
  return parseSchedulerMessage(text).reasons.map((r) =>
    r.resource === null ? [r.section, r.count, r.plugin] : [r.section, r.count, r.plugin, r.resource],
  );
}

// Real messages from public issue threads (source in each case name), and every wording of
// shared/reference/workload-diagnostics.md.
describe('parseSchedulerMessage', () => {
  it.each<{ name: string; text: string; nodesTotal: number | null; reasons: Row[] }>([
    {
      name: 'NVIDIA/k8s-device-plugin#430: GPU shortage, preemption ending in ".."',
      text: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
      nodesTotal: 1,
      reasons: [
        ['filter', 1, 'NodeResourcesFit', 'nvidia.com/gpu'],
        ['postfilter', 1, 'DefaultPreemption'],
      ],
    },
    {
      name: 'pangeo-data/pangeo-eosc#74: cordoned plus GPU shortage, filter reasons repeated in preemption',
      text: '0/36 nodes are available: 3 node(s) were unschedulable, 33 Insufficient nvidia.com/gpu. preemption: 0/36 nodes are available: 1 Insufficient nvidia.com/gpu, 3 Preemption is not helpful for scheduling, 32 No preemption victims found for incoming pod..',
      nodesTotal: 36,
      reasons: [
        ['filter', 3, 'NodeUnschedulable'],
        ['filter', 33, 'NodeResourcesFit', 'nvidia.com/gpu'],
        ['postfilter', 1, 'NodeResourcesFit', 'nvidia.com/gpu'],
        ['postfilter', 3, 'DefaultPreemption'],
        ['postfilter', 32, 'DefaultPreemption'],
      ],
    },
    {
      name: 'NVIDIA/k8s-device-plugin#165: lower-case "insufficient"',
      text: '0/3 nodes are available: 3 insufficient nvidia.com/gpu.',
      nodesTotal: 3,
      reasons: [['filter', 3, 'NodeResourcesFit', 'nvidia.com/gpu']],
    },
    {
      name: 'akash-network/support#253: taints with and without value, cpu and memory',
      text: '0/6 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient cpu. preemption: 0/6 nodes are available: 1 Preemption is not helpful for scheduling, 5 No preemption victims found for incoming pod..',
      nodesTotal: 6,
      reasons: [
        ['filter', 1, 'NodeResourcesFit', 'memory'],
        ['filter', 1, 'TaintToleration'],
        ['filter', 4, 'NodeResourcesFit', 'cpu'],
        ['postfilter', 1, 'DefaultPreemption'],
        ['postfilter', 5, 'DefaultPreemption'],
      ],
    },
    {
      name: 'aws/karpenter-provider-aws#6447: affinity, anti-affinity and topology spread',
      text: "0/20 nodes are available: 1 node(s) had untolerated taint {windowsContainers: true}, 2 node(s) had untolerated taint {eks.amazonaws.com/compute-type: fargate}, 4 node(s) didn't match Pod's node affinity/selector, 4 node(s) didn't match pod anti-affinity rules, 9 node(s) didn't match pod topology spread constraints. preemption: 0/20 nodes are available: 13 No preemption victims found for incoming pod, 7 Preemption is not helpful for scheduling.",
      nodesTotal: 20,
      reasons: [
        ['filter', 1, 'TaintToleration'],
        ['filter', 2, 'TaintToleration'],
        ['filter', 4, 'NodeAffinity'],
        ['filter', 4, 'InterPodAffinity'],
        ['filter', 9, 'PodTopologySpread'],
        ['postfilter', 13, 'DefaultPreemption'],
        ['postfilter', 7, 'DefaultPreemption'],
      ],
    },
    {
      name: 'kubeedge/website#272: the older taint wording that contains ", "',
      text: "0/1 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/control-plane: }, that the pod didn't tolerate.",
      nodesTotal: 1,
      reasons: [['filter', 1, 'TaintToleration']],
    },
    {
      name: 'kubernetes/kubernetes#107464: old taint wording after another reason',
      text: "0/3 nodes are available: 2 node(s) didn't match pod topology spread constraints, 1 node(s) had taint {node_group: special}, that the pod didn't tolerate.",
      nodesTotal: 3,
      reasons: [
        ['filter', 2, 'PodTopologySpread'],
        ['filter', 1, 'TaintToleration'],
      ],
    },
    {
      name: 'canonical/microk8s#483: the oldest taint wording',
      text: "0/1 nodes are available: 1 node(s) had taints that the pod didn't tolerate.",
      nodesTotal: 1,
      reasons: [['filter', 1, 'TaintToleration']],
    },
    {
      name: 'open-metadata/openmetadata-helm-charts#417: PreFilter rejection has no count',
      text: '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      nodesTotal: 2,
      reasons: [
        ['prefilter', null, 'VolumeBinding'],
        ['postfilter', 2, 'DefaultPreemption'],
      ],
    },
    {
      name: 'PreFilter: a PVC not found',
      text: '0/3 nodes are available: persistentvolumeclaim "data-trainer-0" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      nodesTotal: 3,
      reasons: [
        ['prefilter', null, 'VolumeBinding'],
        ['postfilter', 3, 'DefaultPreemption'],
      ],
    },
    {
      name: 'kubernetes/kubernetes#41070: the pre-1.9 summary form',
      text: 'pod (test-1012964845-v8915) failed to fit in any node\nfit failure summary on nodes : Insufficient pods (2), PodToleratesNodeTaints (1)',
      nodesTotal: null,
      reasons: [
        ['filter', 2, 'NodeResourcesFit', 'pods'],
        ['filter', 1, 'TaintToleration'],
      ],
    },
    {
      name: 'current taint wording and Too many pods',
      text: '0/5 nodes are available: 2 Too many pods, 3 node(s) had untolerated taint(s).',
      nodesTotal: 5,
      reasons: [
        ['filter', 2, 'NodeResourcesFit', 'pods'],
        ['filter', 3, 'TaintToleration'],
      ],
    },
    {
      name: 'PostFilter: not eligible, no count',
      text: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: not eligible due to preemptionPolicy=Never.',
      nodesTotal: 4,
      reasons: [
        ['filter', 4, 'NodeResourcesFit', 'nvidia.com/gpu'],
        ['postfilter', null, 'DefaultPreemption'],
      ],
    },
    {
      name: 'DRA: text between the filter part and preemption',
      text: '0/2 nodes are available: 2 cannot allocate all claims. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      nodesTotal: 2,
      reasons: [
        ['filter', 2, 'DynamicResources'],
        ['postfilter', null, 'DynamicResources'],
        ['postfilter', 2, 'DefaultPreemption'],
      ],
    },
    {
      name: 'volumes: node affinity conflict, both wordings, and volume limits',
      text: "0/9 nodes are available: 3 node(s) had volume node affinity conflict, 3 node(s) didn't match PersistentVolume's node affinity, 3 node(s) exceed max volume count.",
      nodesTotal: 9,
      reasons: [
        ['filter', 3, 'VolumeBinding'],
        ['filter', 3, 'VolumeBinding'],
        ['filter', 3, 'NodeVolumeLimits'],
      ],
    },
    {
      name: 'a third-party reason is kept verbatim, plugin unknown',
      text: '0/8 nodes are available: 8 CardInsufficientMemory.',
      nodesTotal: 8,
      reasons: [['filter', 8, null]],
    },
    {
      name: 'truncated: what is there is kept',
      text: "0/400 nodes are available: 120 Insufficient nvidia.com/gpu, 80 node(s) didn't match Pod's node affinity/selector, 200 node(s) had untol ...",
      nodesTotal: 400,
      reasons: [
        ['filter', 120, 'NodeResourcesFit', 'nvidia.com/gpu'],
        ['filter', 80, 'NodeAffinity'],
        ['filter', 200, null],
      ],
    },
    { name: 'no nodes at all', text: 'no nodes available to schedule pods', nodesTotal: 0, reasons: [] },
  ])('$name', ({ text, nodesTotal, reasons }) => {
    expect(parseSchedulerMessage(text).nodesTotal).toBe(nodesTotal);
    expect(rows(text)).toEqual(reasons);
  });

  it('keeps each reason as written', () => {
    const { reasons } = parseSchedulerMessage(
      "0/1 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/control-plane: }, that the pod didn't tolerate.",
    );
    expect(reasons[0]?.reason).toBe(
      "node(s) had taint {node-role.kubernetes.io/control-plane: }, that the pod didn't tolerate",
    );
  });

  it('says when a message was truncated', () => {
    expect(isTruncatedSchedulerMessage('0/4 nodes are available: 4 Insufficient c ...')).toBe(true);
    expect(isTruncatedSchedulerMessage('0/4 nodes are available: 4 Insufficient cpu.')).toBe(false);
  });

  it.each(['', '   ', 'garbage', '0/x nodes', '\u0000\u0007', 'preemption:'])(
    'never throws on %j',
    (text) => {
      expect(() => parseSchedulerMessage(text)).not.toThrow();
    },
  );
});

describe('explainSchedulerMessage', () => {
  it.each<{ text: string; lines: RegExp[] }>([
    {
      text: '0/4 nodes are available: 1 Too many pods, 3 node(s) had untolerated taint {nvidia.com/gpu: present}.',
      lines: [
        /none of the 4 nodes fits/,
        /3 nodes have a taint the pod does not tolerate \(nvidia\.com\/gpu: present\)\s+\[TaintToleration\]/,
        /1 node is at the pod limit/,
        /Next: Add the toleration/,
      ],
    },
    {
      text: '0/3 nodes are available: persistentvolumeclaim "data" not found.',
      lines: [
        /Rejected before any node was tried:\n\s+- persistentvolumeclaim "data" not found\s+\[VolumeBinding\]/,
      ],
    },
    { text: 'no nodes available to schedule pods', lines: [/there are no nodes to schedule on/] },
  ])('$text', ({ text, lines }) => {
    const explained = explainSchedulerMessage(parseSchedulerMessage(text));
    for (const line of lines) expect(explained).toMatch(line);
  });
});
