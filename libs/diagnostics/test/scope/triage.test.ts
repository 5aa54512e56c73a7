import type { Finding, FindingStatus, Scope } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { makeFinding, triageScope } from '../../src/index.ts';

const NOW = Date.parse('2026-11-29T20:00:00Z');

function finding(
  cluster: string,
  rule: string,
  scope: Scope,
  subject: [kind: string, namespace: string | null, name: string],
  attributes: Record<string, string> = {},
  status: FindingStatus = 'DEGRADED',
): Finding {
  return makeFinding(cluster, {
    rule,
    scope,
    plane: rule.startsWith('controlplane') ? 'CONTROL' : 'DATA',
    status,
    subjects: [{ kind: subject[0], namespace: subject[1], name: subject[2] }],
    attributes,
    title: `${rule} ${subject[2]}`,
    observedAt: NOW,
  });
}

const h100 = {
  pool: 'h100',
  gpuProduct: 'NVIDIA-H100-80GB-HBM3',
  driverVersion: '580.65',
  zone: 'us-east-1a',
};
const podOn = (
  cluster: string,
  name: string,
  node: string,
  owner: string,
  rule = 'pod.crashloop',
  extra = {},
) => finding(cluster, rule, 'POD', ['Pod', 'ml', name], { node, namespace: 'ml', owner, ...extra });
const nodeDown = (cluster: string, name: string, attrs: Record<string, string>) =>
  finding(cluster, 'node.not-ready', 'NODE', ['Node', null, name], { node: name, ...attrs });
const webhook = (cluster: string) =>
  finding(
    cluster,
    'controlplane.admission.webhook-timeout',
    'CLUSTER',
    ['AdmissionWebhook', null, 'policy.kyverno.svc'],
    { part: 'admission', webhook: 'policy.kyverno.svc' },
    'DOWN',
  );

type Row = [scope: Scope, key: string, members: number];

function shape(findings: Finding[]): Row[] {
  return findings.map((f) => [f.scope, f.id.slice(f.id.indexOf('#') + 1), Number(f.attributes.findings)]);
}

describe('triageScope: the narrowest scope that covers the failures', () => {
  it.each<{ name: string; findings: Finding[]; expected: Row[] }>([
    {
      name: 'a single bad pod among healthy replicas: POD',
      findings: [podOn('prod-a', 'api-7c9-x1', 'gpu-1', 'ReplicaSet/ml/api-7c9d8f6b5')],
      expected: [['POD', 'Deployment/ml/api', 1]],
    },
    {
      name: "a deployment and its ReplicaSet's pods are one workload",
      findings: [
        podOn('prod-a', 'api-1', 'gpu-1', 'ReplicaSet/ml/api-7c9d8f6b5'),
        podOn('prod-a', 'api-2', 'gpu-2', 'ReplicaSet/ml/api-7c9d8f6b5'),
        finding('prod-a', 'deployment.below-desired', 'POD', ['Deployment', 'ml', 'api'], {
          namespace: 'ml',
          owner: 'Deployment/ml/api',
        }),
        finding('prod-a', 'service.no-endpoints', 'POD', ['Service', 'ml', 'api'], { namespace: 'ml' }),
      ],
      expected: [['POD', 'Deployment/ml/api', 4]],
    },
    {
      name: 'unrelated workloads failing on one node: NODE',
      findings: [
        podOn('prod-a', 'a-1', 'gpu-7', 'ReplicaSet/ml/a-5d8f9c7b4'),
        podOn('prod-a', 'b-1', 'gpu-7', 'Job/ml/b', 'pod.container-creating'),
        podOn('prod-a', 'c-1', 'gpu-2', 'ReplicaSet/ml/c-6f7b8c9d2'),
      ],
      expected: [
        ['NODE', 'gpu-7', 2],
        ['POD', 'Deployment/ml/c', 1],
      ],
    },
    {
      name: 'several nodes of one pool, same driver: POOL, saying what they share',
      findings: [
        nodeDown('prod-a', 'gpu-1', h100),
        nodeDown('prod-a', 'gpu-2', h100),
        nodeDown('prod-a', 'gpu-3', h100),
        podOn('prod-a', 'train-0', 'gpu-1', 'Job/ml/train', 'pod.crashloop', { pool: 'h100' }),
      ],
      expected: [['POOL', 'h100', 4]],
    },
    {
      name: "a cluster's admission webhook timing out: CLUSTER, control plane",
      findings: [webhook('prod-a')],
      expected: [['CLUSTER', 'controlplane.admission.webhook-timeout', 1]],
    },
    {
      name: 'the same cluster-wide failure in every cluster: GLOBAL',
      findings: [webhook('prod-a'), webhook('prod-b'), webhook('prod-c')],
      expected: [['GLOBAL', 'controlplane.admission.webhook-timeout', 3]],
    },
    {
      name: 'two independent problems at once stay two',
      findings: [
        nodeDown('prod-a', 'gpu-9', h100),
        podOn('prod-a', 'web-1', 'cpu-1', 'ReplicaSet/shop/web-5f6d7c8b9'),
      ],
      expected: [
        ['NODE', 'gpu-9', 1],
        ['POD', 'Deployment/shop/web', 1],
      ],
    },
    {
      name: 'informational findings are not failures',
      findings: [
        finding('prod-a', 'node.cordoned', 'NODE', ['Node', null, 'gpu-1'], { node: 'gpu-1' }, null),
      ].map((f) => ({
        ...f,
        severity: 'INFO' as const,
      })),
      expected: [],
    },
  ])('$name', ({ findings, expected }) => {
    const scoped = triageScope(findings, { clusters: ['prod-a', 'prod-b', 'prod-c'] });
    expect(shape(scoped)).toEqual(expected);
  });

  it('tells what a pool shares, and how many of its nodes', () => {
    const [pool] = triageScope([nodeDown('prod-a', 'gpu-1', h100), nodeDown('prod-a', 'gpu-2', h100)], {
      clusters: ['prod-a'],
      poolSize: () => 12,
    });
    expect(pool?.title).toBe(
      'POOL h100 (cluster prod-a): 2 of 12 nodes affected (2 NotReady) — all NVIDIA-H100-80GB-HBM3, driver 580.65, zone us-east-1a',
    );
    expect(pool?.attributes).toMatchObject({ pool: 'h100', driverVersion: '580.65' });
    expect(pool?.nextSteps[0]).toMatch(/Halt rollouts/);
  });

  it('GLOBAL says in how many clusters', () => {
    const [global] = triageScope([webhook('prod-a'), webhook('prod-b')], {
      clusters: ['prod-a', 'prod-b', 'prod-c'],
    });
    expect(global?.title).toMatch(
      /^GLOBAL: controlplane\.admission\.webhook-timeout policy\.kyverno\.svc in 2 of 3 clusters \(prod-a, prod-b\)$/,
    );
    expect(global?.id).toBe('*/scope.global#controlplane.admission.webhook-timeout');
  });

  it('ids are stable while members change', () => {
    const one = triageScope([nodeDown('prod-a', 'gpu-1', h100), nodeDown('prod-a', 'gpu-2', h100)], {
      clusters: ['prod-a'],
    });
    const two = triageScope(
      [
        nodeDown('prod-a', 'gpu-1', h100),
        nodeDown('prod-a', 'gpu-2', h100),
        nodeDown('prod-a', 'gpu-5', h100),
      ],
      { clusters: ['prod-a'] },
    );
    expect(one.map((f) => f.id)).toEqual(two.map((f) => f.id));
  });
});

describe('triageScope: image registries', () => {
  // As podTroubleFinding makes it: no status of its own, a warning.
  const pull = (cluster: string, name: string, owner: string): Finding => ({
    ...finding(
      cluster,
      'pod.image-pull',
      'POD',
      ['Pod', 'shop', name],
      {
        node: `${cluster}-n1`,
        namespace: 'shop',
        owner,
        image: 'registry.example.com/shop/x:1',
        imageRegistry: 'registry.example.com',
      },
      null,
    ),
    severity: 'WARNING',
  });

  it("the same registry failing in several clusters is GLOBAL, with its workloads' other findings", () => {
    const scoped = triageScope(
      [
        pull('prod-a', 'checkout-1', 'ReplicaSet/shop/checkout-7d9f8c6b5'),
        finding('prod-a', 'deployment.unavailable', 'POD', ['Deployment', 'shop', 'checkout'], {
          owner: 'Deployment/shop/checkout',
        }),
        pull('prod-b', 'cart-1', 'ReplicaSet/shop/cart-5c4d3b2a1'),
        podOn('prod-b', 'other-1', 'x-1', 'ReplicaSet/ml/other-9f8e7d6c5'),
      ],
      { clusters: ['prod-a', 'prod-b', 'prod-c'] },
    );
    expect(shape(scoped)).toEqual([
      ['GLOBAL', 'registry/registry.example.com', 3],
      ['POD', 'Deployment/ml/other', 1],
    ]);
    expect(scoped[0]?.title).toBe(
      'GLOBAL: image pulls from registry.example.com failing in 2 of 3 clusters (prod-a, prod-b)',
    );
  });

  it('one registry, two workloads, one cluster: CLUSTER', () => {
    const scoped = triageScope(
      [
        pull('prod-a', 'a-1', 'ReplicaSet/shop/a-5c4d3b2a1'),
        pull('prod-a', 'b-1', 'ReplicaSet/shop/b-5c4d3b2a1'),
      ],
      { clusters: ['prod-a'] },
    );
    expect(scoped.map((f) => f.title)).toEqual([
      'CLUSTER prod-a: image pulls from registry.example.com failing for 2 workloads',
    ]);
  });

  it('one workload failing to pull stays that workload', () => {
    const scoped = triageScope([pull('prod-a', 'a-1', 'ReplicaSet/shop/a-5c4d3b2a1')], {
      clusters: ['prod-a'],
    });
    expect(shape(scoped)).toEqual([['POD', 'Deployment/shop/a', 1]]);
  });
});

describe('triageScope: one cluster, one plane, several rules', () => {
  it('is one CLUSTER finding naming the worst, not one per rule', () => {
    const fsync = finding('prod-a', 'controlplane.etcd.fsync-latency', 'CLUSTER', ['Etcd', null, 'etcd'], {
      part: 'etcd',
    });
    const writes = finding(
      'prod-a',
      'controlplane.write.etcd-fsync-latency',
      'CLUSTER',
      ['ControlPlanePath', null, 'write'],
      { part: 'write' },
      'DOWN',
    );
    const scoped = triageScope([fsync, writes], { clusters: ['prod-a'] });
    expect(shape(scoped)).toEqual([['CLUSTER', 'control-plane', 2]]);
    expect(scoped[0]?.title).toBe('CLUSTER prod-a: controlplane.write.etcd-fsync-latency write (+1 more)');
  });
});

describe('triageScope: which path a scope impairs', () => {
  it('control-plane trouble impairs the operations path only; workloads failing, the user path', () => {
    const scoped = triageScope(
      [webhook('prod-a'), podOn('prod-a', 'trainer-1', 'n1', 'Deployment/ml/trainer')],
      { clusters: ['prod-a'] },
    );
    expect(scoped.map((f) => [f.scope, f.attributes.impairs])).toEqual([
      ['CLUSTER', 'operations'],
      ['POD', 'user'],
    ]);
    expect(scoped[0]?.detail).toMatch(/Operations path only: .*existing pods keep serving\.$/);
  });
});

describe('triageScope: node troubles without a plane status', () => {
  const gpu = (name: string, rule: string, severity: 'WARNING' | 'INFO') =>
    makeFinding('prod-a', {
      rule,
      scope: 'NODE',
      plane: 'DATA',
      status: null,
      severity,
      subjects: [{ kind: 'Node', namespace: null, name }],
      attributes: { node: name, ...h100 },
      title: `${rule} ${name}`,
      observedAt: NOW,
    });

  it.each<{ name: string; findings: Finding[]; expected: Row[] }>([
    {
      name: 'GPUs failing validation on two nodes of a pool: POOL',
      findings: [gpu('n1', 'node.gpu-not-usable', 'WARNING'), gpu('n2', 'node.gpu-not-usable', 'WARNING')],
      expected: [['POOL', 'h100', 2]],
    },
    {
      name: 'a GPU held back as unhealthy on one node: NODE',
      findings: [gpu('n1', 'node.gpu-unhealthy', 'WARNING')],
      expected: [['NODE', 'n1', 1]],
    },
    {
      name: 'a node still coming up is information, not a failing subject',
      findings: [gpu('n1', 'node.gpu-not-usable', 'INFO')],
      expected: [],
    },
  ])('$name', ({ findings, expected }) => {
    expect(shape(triageScope(findings, { clusters: ['prod-a'] }))).toEqual(expected);
  });
});

describe('triageScope: admission webhooks and policies', () => {
  // As rolloutFinding makes it for a Deployment whose ReplicaFailure names the webhook.
  const refused = (
    cluster: string,
    name: string,
    webhookName = 'validate.kyverno.svc-fail',
    outcome = 'DENIED',
  ): Finding => ({
    ...finding(
      cluster,
      'rollout.stuck',
      'POD',
      ['Deployment', 'ml', name],
      {
        namespace: 'ml',
        owner: `Deployment/ml/${name}`,
        admission: webhookName,
        admissionEngine: 'Kyverno',
        admissionOutcome: outcome,
      },
      null,
    ),
    severity: 'WARNING',
  });

  it.each<{ name: string; findings: Finding[]; expected: Row[] }>([
    {
      name: 'one webhook refusing two workloads in one cluster: CLUSTER, with their other findings',
      findings: [
        refused('prod-a', 'trainer'),
        refused('prod-a', 'notebook'),
        finding('prod-a', 'deployment.below-desired', 'POD', ['Deployment', 'ml', 'trainer'], {
          owner: 'Deployment/ml/trainer',
        }),
      ],
      expected: [['CLUSTER', 'admission/validate.kyverno.svc-fail', 3]],
    },
    {
      name: 'the same webhook refusing in two clusters: GLOBAL',
      findings: [refused('prod-a', 'trainer'), refused('prod-b', 'trainer')],
      expected: [['GLOBAL', 'admission/validate.kyverno.svc-fail', 2]],
    },
    {
      name: "one workload refused, with the webhook's own control-plane finding: one CLUSTER problem",
      findings: [refused('prod-a', 'trainer', 'policy.kyverno.svc', 'UNREACHABLE'), { ...webhook('prod-a') }],
      expected: [['CLUSTER', 'admission/policy.kyverno.svc', 2]],
    },
    {
      name: 'one workload refused by a policy alone: its template is the suspect (POD)',
      findings: [refused('prod-a', 'trainer')],
      expected: [['POD', 'Deployment/ml/trainer', 1]],
    },
    {
      name: 'two different webhooks stay two problems',
      findings: [
        refused('prod-a', 'a', 'x.example.com'),
        refused('prod-a', 'b', 'x.example.com'),
        refused('prod-a', 'c', 'y.example.com'),
        refused('prod-a', 'd', 'y.example.com'),
      ],
      expected: [
        ['CLUSTER', 'admission/x.example.com', 2],
        ['CLUSTER', 'admission/y.example.com', 2],
      ],
    },
  ])('$name', ({ findings, expected }) => {
    expect(shape(triageScope(findings, { clusters: ['prod-a', 'prod-b', 'prod-c'] }))).toEqual(expected);
  });

  it('names the engine and webhook, impairs the operations path, and starts with the webhook moves', () => {
    const [scoped] = triageScope([refused('prod-a', 'trainer'), refused('prod-a', 'notebook')], {
      clusters: ['prod-a'],
    });
    expect(scoped?.title).toBe(
      'CLUSTER prod-a: Kyverno webhook validate.kyverno.svc-fail refuses new pods of 2 workloads',
    );
    expect(scoped?.attributes).toMatchObject({
      impairs: 'operations',
      admission: 'validate.kyverno.svc-fail',
    });
    expect(scoped?.nextSteps[0]).toMatch(/validatingwebhookconfigurations.*validate\.kyverno\.svc-fail/);
    expect(scoped?.nextSteps[1]).toMatch(/clusterpolicies/);
  });

  it('says the user path when a refused workload is no longer serving', () => {
    const [scoped] = triageScope(
      [
        refused('prod-a', 'trainer'),
        refused('prod-a', 'notebook'),
        finding(
          'prod-a',
          'deployment.unavailable',
          'POD',
          ['Deployment', 'ml', 'trainer'],
          { owner: 'Deployment/ml/trainer' },
          'DOWN',
        ),
      ],
      { clusters: ['prod-a'] },
    );
    expect(scoped?.attributes.impairs).toBe('user');
  });
});

describe('triageScope: pod sandboxes failing (CNI)', () => {
  const sandbox = (name: string, node: string, pool: string, owner: string, cni = 'calico') =>
    ({
      ...podOn('prod-a', name, node, owner, 'pod.container-creating', { pool, cni, cause: 'sandbox/CNI' }),
      status: null,
      severity: 'WARNING',
    }) as Finding;

  it.each<{ name: string; findings: Finding[]; expected: Row[] }>([
    {
      name: 'sandboxes failing on nodes of several pools: CLUSTER (the network layer)',
      findings: [
        sandbox('a-1', 'cpu-1', 'general', 'ReplicaSet/ml/a-5d8f9c7b4'),
        sandbox('b-1', 'gpu-3', 'h100', 'Job/ml/b'),
        sandbox('c-1', 'gpu-9', 'a100', 'Job/ml/c'),
      ],
      expected: [['CLUSTER', 'cni/calico', 3]],
    },
    {
      name: 'on two nodes of one pool: POOL',
      findings: [
        sandbox('a-1', 'gpu-1', 'h100', 'ReplicaSet/ml/a-5d8f9c7b4'),
        sandbox('b-1', 'gpu-2', 'h100', 'Job/ml/b'),
      ],
      expected: [['POOL', 'h100/cni/calico', 2]],
    },
    {
      name: 'on one node: the node grouping decides',
      findings: [
        sandbox('a-1', 'gpu-1', 'h100', 'ReplicaSet/ml/a-5d8f9c7b4'),
        sandbox('b-1', 'gpu-1', 'h100', 'Job/ml/b'),
      ],
      expected: [['NODE', 'gpu-1', 2]],
    },
  ])('$name', ({ findings, expected }) => {
    expect(shape(triageScope(findings, { clusters: ['prod-a'] }))).toEqual(expected);
  });

  it('the pool finding names the pool and the CNI they share', () => {
    const [pool] = triageScope(
      [
        sandbox('a-1', 'gpu-1', 'h100', 'ReplicaSet/ml/a-5d8f9c7b4'),
        sandbox('b-1', 'gpu-2', 'h100', 'Job/ml/b'),
      ],
      { clusters: ['prod-a'], poolSize: (_, p) => (p === 'h100' ? 12 : null) },
    );
    expect(pool?.title).toBe(
      'POOL h100 (cluster prod-a): 2 of 12 nodes affected (2 stuck ContainerCreating) — all CNI calico',
    );
    expect(pool?.attributes).toMatchObject({ pool: 'h100', cni: 'calico' });
    expect(pool?.nextSteps[0]).toMatch(/calico CNI pods/);
  });

  it('the cluster finding says how wide', () => {
    const [scoped] = triageScope(
      [
        sandbox('a-1', 'cpu-1', 'general', 'ReplicaSet/ml/a-5d8f9c7b4'),
        sandbox('b-1', 'gpu-3', 'h100', 'Job/ml/b'),
      ],
      { clusters: ['prod-a'] },
    );
    expect(scoped?.title).toBe(
      'CLUSTER prod-a: pod sandbox creation failing on 2 nodes in 2 pools (CNI calico): 2 pods stuck ContainerCreating',
    );
  });
});
