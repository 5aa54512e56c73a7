import type { LabelSelector, PodAffinityTerm, TopologySpreadConstraint } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { fitPendingPod } from '../../../src/index.ts';
import { bound, claim, context, pending, runtimeClass, storageClass, worker } from './support.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const app = (name: string): LabelSelector => ({ matchLabels: { app: name }, matchExpressions: [] });
const term = (selector: LabelSelector, topologyKey: string, namespaces: string[] = []): PodAffinityTerm => ({
  selector,
  namespaces,
  topologyKey,
});
const spread = (
  topologyKey: string,
  maxSkew = 1,
  minDomains: number | null = null,
): TopologySpreadConstraint => ({
  maxSkew,
  topologyKey,
  selector: app('web'),
  minDomains,
});
const inZone = (name: string, zone: string) => worker(name, { labels: { [HOST]: name, [ZONE]: zone } });

describe('fitPendingPod: placement filters in the scheduler’s order', () => {
  it.each([
    {
      name: 'cordoned, tainted and unselected nodes, each counted under its first filter',
      nodes: [
        worker('c', { unschedulable: true, taints: [{ key: 'x', value: '1', effect: 'NoSchedule' }] }),
        worker('t', { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }),
        worker('s', { labels: { pool: 'other' } }),
      ],
      pods: [],
      pod: pending('p', 100, 1, { nodeSelector: { pool: 'web' } }),
      explanation:
        "0/3 nodes: 1 is cordoned, 1 doesn't match its node selector/affinity, 1 has an untolerated taint nvidia.com/gpu=present:NoSchedule",
      scheduler:
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 1 node(s) were unschedulable.",
    },
    {
      name: 'anti-affinity on hostname: one replica per node',
      nodes: [worker('n-1'), worker('n-2')],
      pods: [
        bound('web-0', 'n-1', 100, 1, { labels: { app: 'web' } }),
        bound('web-1', 'n-2', 100, 1, { labels: { app: 'web' } }),
      ],
      pod: pending(
        'web-2',
        100,
        1,
        { podAntiAffinity: [term(app('web'), HOST)] },
        { labels: { app: 'web' } },
      ),
      explanation: '0/2 nodes: 2 have a pod its anti-affinity excludes in their topology domain',
      scheduler: "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.",
    },
    {
      name: 'anti-affinity only counts pods of the namespaces it names (its own by default)',
      nodes: [worker('n-1')],
      pods: [bound('web-0', 'n-1', 100, 1, { labels: { app: 'web' }, namespace: 'other' })],
      pod: pending('web-2', 100, 1, { podAntiAffinity: [term(app('web'), HOST)] }),
      explanation: '1/1 nodes',
      scheduler: null,
    },
    {
      name: 'affinity to a cache in zone b',
      nodes: [inZone('a-1', 'a'), inZone('b-1', 'b'), inZone('b-2', 'b')],
      pods: [bound('cache-0', 'b-2', 100, 1, { labels: { app: 'cache' } })],
      pod: pending('api', 100, 1, { podAffinity: [term(app('cache'), ZONE)] }),
      explanation: '2/3 nodes: 1 has no pod its affinity requires in their topology domain',
      scheduler: null,
    },
    {
      name: 'affinity with no matching pod anywhere: nowhere, unless the pod matches itself',
      nodes: [worker('n-1')],
      pods: [],
      pod: pending('api', 100, 1, { podAffinity: [term(app('cache'), ZONE)] }),
      explanation: '0/1 nodes: 1 has no pod its affinity requires in their topology domain',
      scheduler: "0/1 nodes are available: 1 node(s) didn't match pod affinity rules.",
    },
    {
      name: 'the first pod of a self-affine group goes anywhere',
      nodes: [worker('n-1')],
      pods: [],
      pod: pending(
        'cache-0',
        100,
        1,
        { podAffinity: [term(app('cache'), ZONE)] },
        { labels: { app: 'cache' } },
      ),
      explanation: '1/1 nodes',
      scheduler: null,
    },
    {
      name: 'zone spread with maxSkew 1: the fuller zone is refused',
      nodes: [inZone('a-1', 'a'), inZone('b-1', 'b')],
      pods: [
        bound('web-0', 'a-1', 100, 1, { labels: { app: 'web' } }),
        bound('web-1', 'a-1', 100, 1, { labels: { app: 'web' } }),
        bound('web-2', 'b-1', 100, 1, { labels: { app: 'web' } }),
      ],
      pod: pending('web-3', 100, 1, { topologySpread: [spread(ZONE)] }, { labels: { app: 'web' } }),
      explanation: '1/2 nodes: 1 would break its topology spread (maxSkew)',
      scheduler: null,
    },
    {
      name: 'hostname spread: a node without the key is refused as missing the label',
      nodes: [worker('n-1'), worker('n-2'), worker('bare', { labels: {} })],
      pods: [
        bound('web-0', 'n-1', 100, 1, { labels: { app: 'web' } }),
        bound('web-1', 'n-1', 100, 1, { labels: { app: 'web' } }),
        bound('web-2', 'n-2', 100, 1, { labels: { app: 'web' } }),
      ],
      pod: pending('web-3', 100, 1, { topologySpread: [spread(HOST)] }, { labels: { app: 'web' } }),
      explanation:
        '1/3 nodes: 1 lacks the label its topology spread is keyed on, 1 would break its topology spread (maxSkew)',
      scheduler: null,
    },
    {
      name: 'minDomains above the domains there are: the smallest count is taken as 0',
      nodes: [inZone('a-1', 'a')],
      pods: [bound('web-0', 'a-1', 100, 1, { labels: { app: 'web' } })],
      pod: pending('web-1', 100, 1, { topologySpread: [spread(ZONE, 1, 3)] }, { labels: { app: 'web' } }),
      explanation: '0/1 nodes: 1 would break its topology spread (maxSkew)',
      scheduler: "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints.",
    },
    {
      name: 'resources come before spread and affinity',
      nodes: [worker('n-1')],
      pods: [bound('web-0', 'n-1', 3900, 1, { labels: { app: 'web' } })],
      pod: pending(
        'web-1',
        500,
        1,
        { podAntiAffinity: [term(app('web'), HOST)] },
        { labels: { app: 'web' } },
      ),
      explanation: '0/1 nodes: 1 lacks 500m free cpu (largest free: 100m on n-1)',
      scheduler: '0/1 nodes are available: 1 Insufficient cpu.',
    },
  ])('$name', ({ nodes, pods, pod, explanation, scheduler }) => {
    const fit = fitPendingPod(pod, context(nodes, pods));
    expect(fit.explanation).toBe(explanation);
    expect(fit.schedulerStyle).toBe(scheduler);
  });

  it('a term with a namespaceSelector is not guessed: UNKNOWN, said', () => {
    const fit = fitPendingPod(
      pending('p', 100, 1, { podAntiAffinity: [{ ...term(app('web'), HOST), namespaceSelector: true }] }),
      context([worker('n-1')]),
    );
    expect(fit.unknown).toEqual([`pod (anti-)affinity term on ${HOST} with a namespaceSelector`]);
  });
});

describe('fitPendingPod: volumes and RuntimeClass (PreFilter: the whole pod)', () => {
  const nodes = [worker('n-1'), worker('n-2')];
  it.each([
    {
      name: 'a claim that does not exist',
      claims: [],
      classes: [storageClass('standard')],
      explanation: '0/2 nodes: PersistentVolumeClaim default/data does not exist',
      scheduler: '0/2 nodes are available: persistentvolumeclaim "data" not found.',
    },
    {
      name: 'a Pending claim whose StorageClass is missing',
      claims: [claim('data', { phase: 'Pending', storageClassName: 'fast-ssd', volumeName: '' })],
      classes: [storageClass('standard')],
      explanation:
        '0/2 nodes: unbound PersistentVolumeClaim: data is Pending: StorageClass "fast-ssd" does not exist',
      scheduler: '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    },
    {
      name: 'a Pending claim of the default class, Immediate, not bound yet',
      claims: [claim('data', { phase: 'Pending', storageClassName: null, volumeName: '' })],
      classes: [storageClass('gp3', { isDefault: true })],
      explanation:
        '0/2 nodes: unbound PersistentVolumeClaim: data is Pending: StorageClass "gp3" (Immediate, provisioner ebs.csi.aws.com) has not bound it',
      scheduler: '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
    },
    {
      name: 'WaitForFirstConsumer claims are no blocker by themselves',
      claims: [claim('data', { phase: 'Pending', storageClassName: 'local', volumeName: '' })],
      classes: [storageClass('local', { volumeBindingMode: 'WaitForFirstConsumer' })],
      explanation: '2/2 nodes',
      scheduler: null,
    },
    {
      name: 'a bound claim',
      claims: [claim('data')],
      classes: [],
      explanation: '2/2 nodes',
      scheduler: null,
    },
    {
      name: 'claims not watched: UNKNOWN, never passed',
      claims: null,
      classes: null,
      explanation: '2/2 nodes; not checked: volumes (PersistentVolumeClaims not watched)',
      scheduler: null,
    },
    {
      name: 'StorageClasses not watched: the class of a Pending claim is UNKNOWN',
      claims: [claim('data', { phase: 'Pending', volumeName: '' })],
      classes: null,
      explanation: '2/2 nodes; not checked: StorageClass of claim data (StorageClasses not watched)',
      scheduler: null,
    },
  ])('$name', ({ claims, classes, explanation, scheduler }) => {
    const fit = fitPendingPod(
      pending('p', 100, 1, { claims: ['data'] }),
      context(nodes, [], { claims, storageClasses: classes }),
    );
    expect(fit.explanation).toBe(explanation);
    expect(fit.schedulerStyle).toBe(scheduler);
  });

  it.each([
    { name: 'missing', classes: [runtimeClass('runc')], fitting: 0, prefilter: true, unknown: [] },
    { name: 'present', classes: [runtimeClass('nvidia')], fitting: 2, prefilter: false, unknown: [] },
    {
      name: 'not watched',
      classes: null,
      fitting: 2,
      prefilter: false,
      unknown: ['RuntimeClass (not watched)'],
    },
  ])('RuntimeClass $name', ({ classes, fitting, prefilter, unknown }) => {
    const fit = fitPendingPod(
      pending('p', 100, 1, { runtimeClassName: 'nvidia' }),
      context(nodes, [], { runtimeClasses: classes }),
    );
    expect(fit.fitting).toBe(fitting);
    expect(fit.unknown).toEqual(unknown);
    expect(fit.prefilter?.ours ?? null).toBe(
      prefilter ? 'RuntimeClass "nvidia" does not exist: the pod cannot run on any node' : null,
    );
  });
});
