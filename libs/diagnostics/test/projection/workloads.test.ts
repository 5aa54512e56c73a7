import { describe, expect, it } from 'vitest';
import {
  projectDeployment,
  projectEndpointSlice,
  projectReplicaSet,
  projectService,
} from '../../src/index.ts';
import { loadFixture } from '../fixtures.ts';

function ok<T>(result: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`projection failed: ${result.error}`);
  return result.record;
}

describe('projectDeployment', () => {
  it('projects a deployment that is short of replicas', () => {
    expect(ok(projectDeployment(loadFixture('deployment.json')))).toEqual({
      kind: 'Deployment',
      uid: 'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d',
      namespace: 'ml',
      name: 'serving-llama',
      resourceVersion: '48214561',
      generation: 7,
      observedGeneration: 7,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 2,
      statusReplicas: 3,
      paused: false,
      selector: { app: 'serving-llama' },
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastTransitionTime: Date.parse('2026-11-27T18:03:10Z'),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: 'ReplicaSet "serving-llama-7c9d8f6b5" is progressing.',
          lastTransitionTime: Date.parse('2026-08-19T09:12:00Z'),
        },
      ],
    });
  });

  it('defaults spec.replicas to 1 and status counts to 0', () => {
    const record = ok(
      projectDeployment({ metadata: { name: 'd', namespace: 'ns', uid: 'u' }, spec: { paused: true } }),
    );
    expect(record).toMatchObject({
      replicas: 1,
      availableReplicas: 0,
      readyReplicas: 0,
      statusReplicas: 0,
      paused: true,
      selector: {},
      conditions: [],
    });
  });

  it('keeps replicas: 0 (scaled down) rather than defaulting it', () => {
    const raw = { metadata: { name: 'd', namespace: 'ns', uid: 'u' }, spec: { replicas: 0 } };
    expect(ok(projectDeployment(raw)).replicas).toBe(0);
  });
});

describe('projectReplicaSet', () => {
  it('projects revision, template hash and owner', () => {
    expect(ok(projectReplicaSet(loadFixture('replicaset.json')))).toMatchObject({
      kind: 'ReplicaSet',
      namespace: 'ml',
      name: 'serving-llama-7c9d8f6b5',
      controller: { kind: 'Deployment', name: 'serving-llama', controller: true },
      replicas: 3,
      readyReplicas: 1,
      availableReplicas: 1,
      revision: '5',
      podTemplateHash: '7c9d8f6b5',
      conditions: [],
    });
  });

  it('keeps only the declared fields', () => {
    const record = ok(projectReplicaSet(loadFixture('replicaset.json')));
    expect(Object.keys(record).sort()).toEqual(
      [
        'availableReplicas',
        'conditions',
        'controller',
        'kind',
        'name',
        'namespace',
        'readyReplicas',
        'replicas',
        'resourceVersion',
        'revision',
        'podTemplateHash',
        'uid',
      ].sort(),
    );
  });
});

describe('projectService', () => {
  it('projects type and selector', () => {
    expect(ok(projectService(loadFixture('service.json')))).toEqual({
      kind: 'Service',
      uid: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      namespace: 'ml',
      name: 'serving-llama',
      resourceVersion: '1203344',
      type: 'ClusterIP',
      selector: { app: 'serving-llama' },
    });
  });

  it.each([
    { spec: {}, type: 'ClusterIP', selector: {} },
    { spec: { type: 'ExternalName', externalName: 'db.example.com' }, type: 'ExternalName', selector: {} },
  ])('defaults: $type', ({ spec, type, selector }) => {
    const record = ok(projectService({ metadata: { name: 's', namespace: 'ns', uid: 'u' }, spec }));
    expect(record).toMatchObject({ type, selector });
  });
});

describe('projectEndpointSlice', () => {
  it('counts endpoints, with a nil ready condition counted as ready', () => {
    expect(ok(projectEndpointSlice(loadFixture('endpointslice.json')))).toMatchObject({
      kind: 'EndpointSlice',
      namespace: 'ml',
      name: 'serving-llama-x7k2p',
      serviceName: 'serving-llama',
      endpoints: 3,
      readyEndpoints: 2,
    });
  });

  it('keeps only the declared fields', () => {
    const record = ok(projectEndpointSlice(loadFixture('endpointslice.json')));
    expect(Object.keys(record).sort()).toEqual(
      [
        'endpoints',
        'kind',
        'name',
        'namespace',
        'readyEndpoints',
        'resourceVersion',
        'serviceName',
        'uid',
      ].sort(),
    );
  });

  it('handles a slice with no endpoints and no service label', () => {
    const raw = { metadata: { name: 'e', namespace: 'ns', uid: 'u' }, addressType: 'IPv4', endpoints: null };
    expect(ok(projectEndpointSlice(raw))).toMatchObject({ serviceName: '', endpoints: 0, readyEndpoints: 0 });
  });
});
