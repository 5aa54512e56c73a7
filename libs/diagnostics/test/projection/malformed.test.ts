import type { RecordKind } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { projectObject } from '../../src/index.ts';
import { isRecord, loadFixtureObject } from '../fixtures.ts';

/**
 * A real fixture with one field replaced (or removed when `value` is undefined): a broken copy.
 * `path` walks objects by key and arrays by index.
 */
function broken(name: string, path: (string | number)[], value: unknown): unknown {
  const root = loadFixtureObject(name);
  let at: unknown = root;
  for (const step of path.slice(0, -1)) {
    at = Array.isArray(at) ? at[Number(step)] : isRecord(at) ? at[String(step)] : undefined;
  }
  const last = String(path.at(-1));
  if (Array.isArray(at)) at[Number(last)] = value;
  else if (isRecord(at)) {
    if (value === undefined) delete at[last];
    else at[last] = value;
  } else throw new Error(`no ${path.join('.')} in ${name}`);
  return root;
}

describe('projectObject rejects malformed input with a precise error', () => {
  it.each<{ name: string; kind: RecordKind; raw: unknown; error: string }>([
    { name: 'null', kind: 'Pod', raw: null, error: 'Pod: expected an object, got null' },
    { name: 'array', kind: 'Node', raw: [], error: 'Node: expected an object, got an array' },
    { name: 'string', kind: 'Service', raw: 'svc', error: "Service: expected an object, got 'svc'" },
    { name: 'number', kind: 'Event', raw: 42, error: 'Event: expected an object, got 42' },
    { name: 'no metadata', kind: 'Node', raw: { spec: {} }, error: 'Node: metadata missing' },
    {
      name: 'metadata not an object',
      kind: 'Node',
      raw: { metadata: 'x' },
      error: "Node: metadata is not an object: 'x'",
    },
    {
      name: 'missing uid',
      kind: 'Pod',
      raw: broken('pod-crashloop.json', ['metadata', 'uid'], undefined),
      error: 'Pod ml/serving-llama-7c9d8f6b5-x2x9k: metadata.uid missing',
    },
    {
      name: 'missing name',
      kind: 'Deployment',
      raw: { metadata: { namespace: 'ns', uid: 'u' } },
      error: 'Deployment: metadata.name missing',
    },
    {
      name: 'missing namespace on a namespaced kind',
      kind: 'Pod',
      raw: { metadata: { name: 'x', uid: 'u' } },
      error: 'Pod x: metadata.namespace missing',
    },
    {
      name: 'bad GPU quantity on a node',
      kind: 'Node',
      raw: broken('node-h100.json', ['status', 'allocatable', 'nvidia.com/gpu'], 'abc'),
      error: "Node gpu-h100-07: status.allocatable[nvidia.com/gpu] is not a quantity: 'abc'",
    },
    {
      name: 'fractional GPU request',
      kind: 'Pod',
      raw: broken(
        'pod-pending-4gpu.json',
        ['spec', 'containers', 0, 'resources', 'requests', 'nvidia.com/gpu'],
        '500m',
      ),
      error:
        "Pod research/llama-70b-finetune-worker-0: spec.containers[0].resources.requests[nvidia.com/gpu] is not a whole, non-negative device count: '500m'",
    },
    {
      name: 'bad MIG quantity',
      kind: 'Node',
      raw: broken('node-mig.json', ['status', 'allocatable', 'nvidia.com/mig-1g.10gb'], 'lots'),
      error:
        "Node gke-inference-a100-mig-3f9c2d1a-k7rq: status.allocatable[nvidia.com/mig-1g.10gb] is not a quantity: 'lots'",
    },
    {
      name: 'label value not a string',
      kind: 'Node',
      raw: { metadata: { name: 'n', uid: 'u', labels: { zone: 3 } } },
      error: 'Node n: metadata.labels[zone] is not a string: 3',
    },
    {
      name: 'wrong kind',
      kind: 'Pod',
      raw: loadFixtureObject('node-h100.json'),
      error: "Pod gpu-h100-07: kind is 'Node', expected 'Pod'",
    },
    {
      name: 'unknown pod phase',
      kind: 'Pod',
      raw: { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, status: { phase: 'Exploded' } },
      error: "Pod ns/p: status.phase is not a pod phase: 'Exploded'",
    },
    {
      name: 'bad timestamp',
      kind: 'Pod',
      raw: { metadata: { name: 'p', namespace: 'ns', uid: 'u', creationTimestamp: 'yesterday' } },
      error: "Pod ns/p: metadata.creationTimestamp is not a timestamp: 'yesterday'",
    },
    {
      name: 'replicas not an integer',
      kind: 'Deployment',
      raw: { metadata: { name: 'd', namespace: 'ns', uid: 'u' }, spec: { replicas: '3' } },
      error: "Deployment ns/d: spec.replicas is not an integer: '3'",
    },
    {
      name: 'condition with a bad status',
      kind: 'Node',
      raw: { metadata: { name: 'n', uid: 'u' }, status: { conditions: [{ type: 'Ready', status: 'yes' }] } },
      error: "Node n: status.conditions[0].status is not True, False or Unknown: 'yes'",
    },
    {
      name: 'container status not an object',
      kind: 'Pod',
      raw: { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, status: { containerStatuses: ['x'] } },
      error: "Pod ns/p: status.containerStatuses[0] is not an object: 'x'",
    },
    {
      name: 'endpoints not an array',
      kind: 'EndpointSlice',
      raw: { metadata: { name: 'e', namespace: 'ns', uid: 'u' }, endpoints: {} },
      error: 'EndpointSlice ns/e: endpoints is not an array: an object',
    },
    {
      name: 'controller owner without uid',
      kind: 'ReplicaSet',
      raw: {
        metadata: {
          name: 'r',
          namespace: 'ns',
          uid: 'u',
          ownerReferences: [{ kind: 'Deployment', name: 'd', controller: true }],
        },
      },
      error: 'ReplicaSet ns/r: metadata.ownerReferences[0].uid missing',
    },
    {
      name: 'event of an unknown type',
      kind: 'Event',
      raw: { metadata: { name: 'e', namespace: 'ns', uid: 'u' }, type: 'Critical' },
      error: "Event ns/e: type is not Normal or Warning: 'Critical'",
    },
  ])('$name', ({ kind, raw, error }) => {
    expect(projectObject(kind, raw)).toEqual({ ok: false, error });
  });

  it.each<{ kind: RecordKind; fixture: string }>([
    { kind: 'Node', fixture: 'node-h100.json' },
    { kind: 'Node', fixture: 'node-mig.json' },
    { kind: 'Pod', fixture: 'pod-pending-4gpu.json' },
    { kind: 'Pod', fixture: 'pod-crashloop.json' },
    { kind: 'Deployment', fixture: 'deployment.json' },
    { kind: 'ReplicaSet', fixture: 'replicaset.json' },
    { kind: 'Service', fixture: 'service.json' },
    { kind: 'EndpointSlice', fixture: 'endpointslice.json' },
    { kind: 'Event', fixture: 'event-core-v1.json' },
    { kind: 'Event', fixture: 'event-events-v1.json' },
  ])('accepts $fixture as a LIST item (no kind/apiVersion)', ({ kind, fixture }) => {
    const item = loadFixtureObject(fixture);
    delete item.kind;
    delete item.apiVersion;
    const result = projectObject(kind, item);
    expect(result.ok && result.record.kind).toBe(kind);
  });
});
