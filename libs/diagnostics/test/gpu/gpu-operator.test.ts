import type { ClusterPolicyRecord } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  gpuOperatorFindings,
  gpuOperatorStatus,
  projectClusterPolicy,
  projectNamespace,
  projectObject,
} from '../../src/index.ts';

const policy = (
  name: string,
  state: string,
  conditions: ClusterPolicyRecord['conditions'] = [],
): ClusterPolicyRecord => ({
  kind: 'ClusterPolicy',
  uid: `u-${name}`,
  name,
  resourceVersion: '1',
  state,
  conditions,
});
const notReady = [
  {
    type: 'Ready',
    status: 'False' as const,
    reason: 'OperandNotReady',
    message: 'states not ready: [state-driver]',
  },
  {
    type: 'Error',
    status: 'True' as const,
    reason: 'OperandNotReady',
    message: 'states not ready: [state-driver]',
  },
];

describe('gpuOperatorStatus', () => {
  it.each([
    { name: 'CRD not served', policies: [], served: false, state: 'NOT_APPLICABLE', policy: null },
    { name: 'not listed (offline, forbidden)', policies: [], served: null, state: 'UNKNOWN', policy: null },
    { name: 'CRD served, no policy', policies: [], served: true, state: 'NO_POLICY', policy: null },
    {
      name: 'ready',
      policies: [policy('cluster-policy', 'ready')],
      served: true,
      state: 'READY',
      policy: 'cluster-policy',
    },
    // A listed policy proves the CRD is served, whatever the watch said.
    {
      name: 'ready from a dump',
      policies: [policy('p', 'ready')],
      served: null,
      state: 'READY',
      policy: 'p',
    },
    {
      name: 'notReady',
      policies: [policy('p', 'notReady', notReady)],
      served: true,
      state: 'NOT_READY',
      policy: 'p',
    },
    {
      name: 'no state written yet',
      policies: [policy('p', '')],
      served: true,
      state: 'UNKNOWN',
      policy: 'p',
    },
    {
      name: 'a state not known',
      policies: [policy('p', 'paused')],
      served: true,
      state: 'UNKNOWN',
      policy: 'p',
    },
    {
      name: 'the second policy is ignored, the first read',
      policies: [policy('b-extra', 'ignored'), policy('a-main', 'notReady', notReady)],
      served: true,
      state: 'NOT_READY',
      policy: 'a-main',
    },
    {
      name: 'only ignored policies',
      policies: [policy('x', 'ignored')],
      served: true,
      state: 'IGNORED',
      policy: 'x',
    },
  ])('$name → $state', ({ policies, served, state, policy: name }) => {
    const status = gpuOperatorStatus(policies, served);
    expect(status.state).toBe(state);
    expect(status.policy).toBe(name);
  });

  it('names the ignored policies and the cause of notReady', () => {
    const status = gpuOperatorStatus([policy('b', 'ignored'), policy('a', 'notReady', notReady)], true);
    expect(status.ignored).toEqual(['b']);
    expect(status.summary).toBe(
      'ClusterPolicy a notReady: OperandNotReady — states not ready: [state-driver]',
    );
  });
});

describe('gpuOperatorFindings', () => {
  it.each([
    { state: 'ready', conditions: [], findings: 0 },
    { state: 'ignored', conditions: [], findings: 0 },
    { state: '', conditions: [], findings: 0 },
    { state: 'notReady', conditions: notReady, findings: 1 },
  ])('status.state "$state" → $findings finding(s)', ({ state, conditions, findings }) => {
    const out = gpuOperatorFindings('c1', gpuOperatorStatus([policy('p', state, conditions)], true), 1000);
    expect(out).toHaveLength(findings);
  });

  it('a notReady policy: a CLUSTER warning on the data plane that moves no status, with its conditions', () => {
    const [f] = gpuOperatorFindings('c1', gpuOperatorStatus([policy('p', 'notReady', notReady)], true), 1000);
    expect(f).toMatchObject({
      rule: 'gpu-operator.not-ready',
      scope: 'CLUSTER',
      plane: 'DATA',
      severity: 'WARNING',
      status: null,
      subjects: [{ kind: 'ClusterPolicy', namespace: null, name: 'p' }],
    });
    expect(f?.evidence.map((e) => e.signal)).toEqual([
      'ClusterPolicy status.state',
      'condition Ready',
      'condition Error',
    ]);
  });

  it('nothing where the operator is not installed or not known', () => {
    expect(gpuOperatorFindings('c1', gpuOperatorStatus([], false), null)).toEqual([]);
    expect(gpuOperatorFindings('c1', gpuOperatorStatus([], null), null)).toEqual([]);
  });
});

describe('projections of the GPU side objects', () => {
  it.each([
    {
      name: 'ClusterPolicy keeps state and conditions, cuts long messages, drops the spec',
      kind: 'ClusterPolicy' as const,
      raw: {
        kind: 'ClusterPolicy',
        metadata: { name: 'cluster-policy', uid: 'u1', resourceVersion: '7' },
        spec: { driver: { enabled: true } },
        status: {
          state: 'notReady',
          conditions: [
            { type: 'Ready', status: 'False', reason: 'OperandNotReady', message: 'x'.repeat(500) },
          ],
        },
      },
      expected: {
        kind: 'ClusterPolicy',
        uid: 'u1',
        name: 'cluster-policy',
        resourceVersion: '7',
        state: 'notReady',
        conditions: [{ type: 'Ready', status: 'False', reason: 'OperandNotReady', message: 'x'.repeat(300) }],
      },
    },
    {
      name: 'ClusterPolicy before the operator wrote a status',
      kind: 'ClusterPolicy' as const,
      raw: { metadata: { name: 'p', uid: 'u2' } },
      expected: {
        kind: 'ClusterPolicy',
        uid: 'u2',
        name: 'p',
        resourceVersion: '',
        state: '',
        conditions: [],
      },
    },
    {
      name: 'Namespace keeps only the team label',
      kind: 'Namespace' as const,
      raw: {
        metadata: {
          name: 'ml',
          uid: 'u3',
          resourceVersion: '2',
          labels: { team: 'research', other: 'x' },
          annotations: { a: 'b' },
        },
      },
      expected: { kind: 'Namespace', uid: 'u3', name: 'ml', resourceVersion: '2', team: 'research' },
    },
    {
      name: 'Namespace without the label',
      kind: 'Namespace' as const,
      raw: { metadata: { name: 'default', uid: 'u4' } },
      expected: { kind: 'Namespace', uid: 'u4', name: 'default', resourceVersion: '', team: '' },
    },
  ])('$name', ({ kind, raw, expected }) => {
    const result = projectObject(kind, raw);
    expect(result).toEqual({ ok: true, record: expected });
  });

  it('the team label is configurable', () => {
    const raw = { metadata: { name: 'ml', uid: 'u', labels: { team: 'a', 'example.com/owner': 'b' } } };
    expect(projectObject('Namespace', raw, { teamLabel: 'example.com/owner' })).toMatchObject({
      ok: true,
      record: { team: 'b' },
    });
  });

  it.each([
    { raw: 'x', error: /^ClusterPolicy: expected an object/ },
    { raw: { kind: 'Pod', metadata: { name: 'p', uid: 'u' } }, error: /^ClusterPolicy: kind is 'Pod'/ },
    {
      raw: { metadata: { name: 'p', uid: 'u' }, status: { conditions: [{ type: 'Ready', status: 'Yes' }] } },
      error: /^ClusterPolicy p: status.conditions\[0\].status is not True, False or Unknown/,
    },
    { raw: { metadata: { name: 'p' } }, error: /uid/ },
  ])('a malformed ClusterPolicy is rejected: $error', ({ raw, error }) => {
    const result = projectClusterPolicy(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it.each([
    { raw: null, error: /^Namespace: expected an object/ },
    { raw: { metadata: { name: 'n', uid: 'u', labels: { team: 3 } } }, error: /^Namespace: metadata.labels/ },
  ])('a malformed Namespace is rejected: $error', ({ raw, error }) => {
    const result = projectNamespace(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
