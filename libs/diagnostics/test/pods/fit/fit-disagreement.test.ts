import type { PodRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { fitDisagreementFinding, fitPendingPod, parseSchedulerMessage } from '../../../src/index.ts';
import { bound, claim, context, pending, worker } from './support.ts';

const HOST = 'kubernetes.io/hostname';
const nodes = [
  worker('n-1'),
  worker('n-2'),
  worker('t-1', { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }),
];
const used = [bound('a', 'n-1', 3800), bound('b', 'n-2', 3900)];
const unschedulable = (pod: PodRecord, message: string): PodRecord => ({
  ...pod,
  unschedulableReason: 'Unschedulable',
  unschedulableMessage: message,
});

describe('our histogram in the scheduler’s words parses back to the same plugins', () => {
  it.each([
    { name: 'cpu', pod: pending('p', 1000), plugins: ['NodeResourcesFit', 'TaintToleration'] },
    {
      name: 'anti-affinity',
      pod: pending('web-1', 10, 1, {
        podAntiAffinity: [
          {
            selector: { matchLabels: { app: 'a' }, matchExpressions: [] },
            namespaces: [],
            topologyKey: HOST,
          },
        ],
      }),
      pods: [
        bound('x', 'n-1', 10, 1, { labels: { app: 'a' } }),
        bound('y', 'n-2', 10, 1, { labels: { app: 'a' } }),
      ],
      plugins: ['InterPodAffinity', 'TaintToleration'],
    },
  ])('$name', ({ pod, pods, plugins }) => {
    const fit = fitPendingPod(pod, context(nodes, pods ?? used));
    expect(fit.schedulerStyle).not.toBeNull();
    const parsed = parseSchedulerMessage(fit.schedulerStyle ?? '');
    expect(parsed.nodesTotal).toBe(3);
    expect(parsed.reasons.map((r) => r.plugin).sort()).toEqual(plugins);
    expect(parsed.reasons.map((r) => r.count)).toEqual(
      [...fit.reasons]
        .sort((a, b) => (`${a.nodes} ${a.scheduler}` < `${b.nodes} ${b.scheduler}` ? -1 : 1))
        .map((r) => r.nodes),
    );
  });
});

describe('pod.fit-disagreement: the scheduler’s message against our check', () => {
  it.each([
    {
      name: 'agreement, in the current taint wording',
      message:
        '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      pod: pending('p', 1000),
      pods: used,
      title: null,
    },
    {
      name: 'agreement, in the ≤1.34 taint wording with braces',
      message:
        '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient cpu.',
      pod: pending('p', 1000),
      pods: used,
      title: null,
    },
    {
      name: 'agreement, in the oldest taint wording with ", that the pod didn\'t tolerate"',
      message:
        "0/3 nodes are available: 1 node(s) had taint {dedicated: batch}, that the pod didn't tolerate, 2 Insufficient cpu.",
      pod: pending('p', 1000),
      pods: used,
      title: null,
    },
    {
      name: 'agreement on the pod count, older "Insufficient pods" wording',
      message: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient pods.',
      pod: pending('p', 10),
      pods: used,
      nodes: [
        worker('n-1', { podsAllocatable: 1 }),
        worker('n-2', { podsAllocatable: 1 }),
        worker('t-1', { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }),
      ],
      title: null,
    },
    {
      name: 'agreement on a PreFilter rejection: the claim does not exist',
      message: '0/3 nodes are available: persistentvolumeclaim "data" not found.',
      pod: pending('p', 10, 1, { claims: ['data'] }),
      pods: used,
      claims: [],
      title: null,
    },
    {
      name: 'the scheduler says a claim is unbound, ours finds it bound',
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      pod: pending('p', 10, 1, { claims: ['data'] }),
      pods: used,
      claims: [claim('data')],
      title:
        'pod default/p: the scheduler found no node ("pod has unbound immediate PersistentVolumeClaims"), but 2 nodes (n-1, n-2) pass every filter by our check',
    },
    {
      name: 'the scheduler found no node, we find two (stale allocatable or a stale message)',
      message: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.',
      pod: pending('p', 1000),
      pods: [],
      title:
        'pod default/p: the scheduler found no node ("1 node(s) had untolerated taint(s), 2 Insufficient cpu"), but 2 nodes (n-1, n-2) pass every filter by our check',
    },
    {
      name: 'a reason we do not reproduce (memory, where we find cpu short)',
      message: '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient memory.',
      pod: pending('p', 1000),
      pods: used,
      title:
        'pod default/p: the scheduler says "2 Insufficient memory", which our check reproduces on no node (0/3 nodes: 2 lack 1 free cpu (largest free: 200m on n-1), 1 has an untolerated taint dedicated=batch:NoSchedule)',
    },
    {
      name: 'a reason we do not reproduce (anti-affinity, where we find cpu short)',
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules.",
      pod: pending('p', 1000),
      pods: used,
      title:
        'pod default/p: the scheduler says "2 node(s) didn\'t match pod anti-affinity rules", which our check reproduces on no node (0/3 nodes: 2 lack 1 free cpu (largest free: 200m on n-1), 1 has an untolerated taint dedicated=batch:NoSchedule)',
    },
    {
      name: "existing pods' anti-affinity is not checked by us: no disagreement where we find nodes free",
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't satisfy existing pods anti-affinity rules.",
      pod: pending('p', 10),
      pods: [],
      title: null,
    },
    {
      name: "existing pods' anti-affinity beside a reason we reproduce: agreement",
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 1 Insufficient cpu, 1 node(s) didn't satisfy existing pods anti-affinity rules.",
      pod: pending('p', 1000),
      pods: used,
      title: null,
    },
    {
      name: 'reasons of plugins we do not check prove nothing (NodePorts)',
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu, 2 node(s) didn't have free ports for the requested pod ports.",
      pod: pending('p', 1000),
      pods: used,
      title: null,
    },
    {
      name: 'a PreFilter claim rejection while claims are not watched: not compared',
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      pod: pending('p', 10, 1, { claims: ['data'] }),
      pods: used,
      claims: null,
      title: null,
    },
  ])('$name', ({ message, pod, pods, title, ...rest }) => {
    const claims = 'claims' in rest ? rest.claims : [];
    const fit = fitPendingPod(
      pod,
      context(('nodes' in rest ? rest.nodes : undefined) ?? nodes, pods, { claims }),
    );
    const finding = fitDisagreementFinding('prod', unschedulable(pod, message), fit, null);
    expect(finding?.title ?? null).toBe(title);
    if (finding !== null) {
      expect(finding.rule).toBe('pod.fit-disagreement');
      expect(finding.evidence.map((e) => e.signal)).toEqual(['kube-scheduler', 'fleetscope fit check']);
    }
  });

  it('the reverse, when our check names a plugin the histogram does not', () => {
    const pod = pending('p', 1000);
    const fit = fitPendingPod(pod, context(nodes, used));
    const finding = fitDisagreementFinding(
      'prod',
      unschedulable(pod, '0/3 nodes are available: 3 node(s) had untolerated taint(s).'),
      fit,
      null,
    );
    expect(finding?.title).toBe(
      "pod default/p: our check finds 2 nodes that lack 1 free cpu (largest free: 200m on n-1), which the scheduler's message does not name",
    );
  });
});
