import type { PodTemplateSummary } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { diffTemplates, readGitOps, readPodTemplate } from '../../src/index.ts';

function template(
  containers: Record<string, unknown>[],
  pod: Record<string, unknown> = {},
): PodTemplateSummary {
  const t = readPodTemplate({ template: { spec: { containers, ...pod } } });
  if (t === undefined) throw new Error('no template');
  return t;
}

const base = {
  name: 'api',
  image: 'ghcr.io/x/api:1.0',
  env: [{ name: 'PORT', value: '8080' }],
  readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
  resources: { requests: { memory: '2Gi', cpu: '1' }, limits: { memory: '2Gi' } },
};

describe('readPodTemplate', () => {
  it('keeps what a diff compares, compactly: env names without values, canonical probes and resources', () => {
    const t = template(
      [
        {
          ...base,
          env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, ...base.env],
        },
      ],
      {
        nodeSelector: { pool: 'gpu', zone: 'a' },
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'team', operator: 'Equal', value: 'ml' },
        ],
        serviceAccountName: 'api',
        runtimeClassName: 'nvidia',
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: 'api-data' } },
          { name: 'tmp', emptyDir: {} },
        ],
        affinity: { nodeAffinity: { b: 1, a: 2 } },
      },
    );
    expect(t).toEqual({
      containers: [
        {
          name: 'api',
          init: false,
          image: 'ghcr.io/x/api:1.0',
          envNames: ['PORT', 'TOKEN'],
          readinessProbe: 'httpGet :8080/healthz (period 10s)',
          livenessProbe: null,
          startupProbe: null,
          resources: 'requests cpu=1 memory=2Gi; limits memory=2Gi',
        },
      ],
      nodeSelector: ['pool=gpu', 'zone=a'],
      affinity: '{"nodeAffinity":{"a":2,"b":1}}',
      tolerations: ['nvidia.com/gpu exists:NoSchedule', 'team=ml:*'],
      serviceAccount: 'api',
      runtimeClass: 'nvidia',
      volumes: ['data: pvc api-data', 'tmp: emptyDir'],
    });
    expect(JSON.stringify(t)).not.toContain('8080"}');
    expect(readPodTemplate({})).toBeUndefined();
  });
});

describe('diffTemplates', () => {
  it.each<
    [
      string,
      Record<string, unknown>,
      Record<string, unknown>,
      { field: string; before: string; after: string }[],
    ]
  >([
    ['same template', {}, {}, []],
    [
      'image',
      {},
      { image: 'ghcr.io/x/api:1.1' },
      [{ field: 'image', before: 'ghcr.io/x/api:1.0', after: 'ghcr.io/x/api:1.1' }],
    ],
    [
      'env names (values never shown)',
      {},
      {
        env: [
          { name: 'PORT', value: '9090' },
          { name: 'DB', value: 'secret' },
        ],
      },
      [{ field: 'env', before: 'PORT', after: 'DB, PORT (+DB)' }],
    ],
    [
      'readiness probe path',
      {},
      { readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 } },
      [
        {
          field: 'readinessProbe',
          before: 'httpGet :8080/healthz (period 10s)',
          after: 'httpGet :8080/ready (period 10s)',
        },
      ],
    ],
    [
      'memory limit',
      {},
      { resources: { requests: { memory: '512Mi', cpu: '1' }, limits: { memory: '512Mi' } } },
      [
        {
          field: 'resources',
          before: 'requests cpu=1 memory=2Gi; limits memory=2Gi',
          after: 'requests cpu=1 memory=512Mi; limits memory=512Mi',
        },
      ],
    ],
  ])('%s', (_, before, after, changes) => {
    const d = diffTemplates(template([{ ...base, ...before }]), template([{ ...base, ...after }]));
    expect(d).toEqual(changes.map((c) => ({ ...c, container: 'api' })));
  });

  it('pod-level fields and added containers', () => {
    const old = template([base], {
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      serviceAccountName: 'a',
    });
    const next = template([base, { name: 'sidecar', image: 'envoy:1' }], {
      nodeSelector: { pool: 'l4' },
      serviceAccountName: 'b',
      runtimeClassName: 'nvidia',
    });
    expect(diffTemplates(old, next)).toEqual([
      { field: 'containers', container: null, before: 'api', after: 'api, sidecar' },
      { field: 'nodeSelector', container: null, before: '(none)', after: 'pool=l4' },
      { field: 'tolerations', container: null, before: 'nvidia.com/gpu exists:NoSchedule', after: '(none)' },
      { field: 'serviceAccount', container: null, before: 'a', after: 'b' },
      { field: 'runtimeClass', container: null, before: '(none)', after: 'nvidia' },
    ]);
  });
});

describe('readGitOps', () => {
  it.each<[string, Record<string, unknown>, ReturnType<typeof readGitOps>]>([
    ['nothing', { labels: { app: 'x' } }, undefined],
    [
      'Argo CD tracking annotation',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop-orders:apps/Deployment:shop/orders' } },
      {
        tool: 'Argo CD',
        name: 'shop-orders',
        evidence: 'annotation argocd.argoproj.io/tracking-id=shop-orders:apps/Deployment:shop/orders',
      },
    ],
    [
      'Argo CD app in another namespace',
      { annotations: { 'argocd.argoproj.io/tracking-id': 'team-a_api:apps/Deployment:prod/api' } },
      {
        tool: 'Argo CD',
        name: 'team-a/api',
        evidence: 'annotation argocd.argoproj.io/tracking-id=team-a_api:apps/Deployment:prod/api',
      },
    ],
    [
      'Flux Kustomization',
      {
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'apps',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      },
      {
        tool: 'Flux',
        name: 'flux-system/apps',
        evidence: 'label kustomize.toolkit.fluxcd.io/name=apps (Kustomization)',
      },
    ],
    [
      'Flux HelmRelease',
      { labels: { 'helm.toolkit.fluxcd.io/name': 'api', 'helm.toolkit.fluxcd.io/namespace': 'shop' } },
      { tool: 'Flux', name: 'shop/api', evidence: 'label helm.toolkit.fluxcd.io/name=api (HelmRelease)' },
    ],
    [
      'Argo CD instance label',
      { labels: { 'app.kubernetes.io/instance': 'shop' } },
      { tool: 'Argo CD', name: 'shop', evidence: 'label app.kubernetes.io/instance=shop' },
    ],
    [
      'the instance label of a Helm release is not Argo CD',
      { labels: { 'app.kubernetes.io/instance': 'r', 'app.kubernetes.io/managed-by': 'Helm' } },
      undefined,
    ],
  ])('%s', (_, metadata, expected) => {
    expect(readGitOps(metadata)).toEqual(expected);
  });
});

describe('projectReplicaSet keeps a template only while it holds pods', () => {
  it.each([
    [2, true],
    [0, false],
  ])('replicas %i → template kept: %s', async (replicas, kept) => {
    const { projectReplicaSet } = await import('../../src/index.ts');
    const result = projectReplicaSet({
      metadata: { name: 'api-1', namespace: 'd', uid: 'u', resourceVersion: '1' },
      spec: { replicas, template: { spec: { containers: [{ name: 'api', image: 'x:1' }] } } },
    });
    expect(result.ok && 'template' in result.record).toBe(kept);
  });
});
