import { describe, expect, it } from 'vitest';
import { projectEvent } from '../../src/index.ts';
import { loadFixture } from '../fixtures.ts';

function ok<T>(result: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`projection failed: ${result.error}`);
  return result.record;
}

describe('projectEvent', () => {
  it('projects a core/v1 event recorded with a series (new recorder)', () => {
    expect(ok(projectEvent(loadFixture('event-core-v1.json')))).toEqual({
      kind: 'Event',
      uid: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e',
      namespace: 'research',
      name: 'llama-70b-finetune-worker-0.1876b2f0c3a9d1e2',
      resourceVersion: '48213990',
      type: 'Warning',
      reason: 'FailedScheduling',
      message: expect.stringContaining('2 Insufficient nvidia.com/gpu'),
      involvedKind: 'Pod',
      involvedName: 'llama-70b-finetune-worker-0',
      involvedNamespace: 'research',
      count: 6,
      lastSeenAt: Date.parse('2026-11-27T19:56:12.104Z'),
      reportingComponent: 'default-scheduler',
    });
  });

  it('projects an events.k8s.io/v1 event with deprecated counters', () => {
    expect(ok(projectEvent(loadFixture('event-events-v1.json')))).toMatchObject({
      type: 'Warning',
      reason: 'BackOff',
      message: expect.stringMatching(/^Back-off restarting failed container server/),
      involvedKind: 'Pod',
      involvedName: 'serving-llama-7c9d8f6b5-x2x9k',
      involvedNamespace: 'ml',
      count: 231,
      lastSeenAt: Date.parse('2026-11-27T19:55:41Z'),
      reportingComponent: 'kubelet',
    });
  });

  it.each([
    {
      name: 'classic core/v1: count and lastTimestamp',
      raw: {
        involvedObject: { kind: 'Node', name: 'gpu-1' },
        reason: 'NodeNotReady',
        message: 'Node gpu-1 status is now: NodeNotReady',
        count: 3,
        firstTimestamp: '2026-11-27T19:00:00Z',
        lastTimestamp: '2026-11-27T19:10:00Z',
        source: { component: 'node-controller' },
      },
      expected: {
        type: 'Normal',
        count: 3,
        lastSeenAt: Date.parse('2026-11-27T19:10:00Z'),
        reportingComponent: 'node-controller',
      },
    },
    {
      name: 'only firstTimestamp',
      raw: { involvedObject: {}, firstTimestamp: '2026-11-27T18:00:00Z' },
      expected: { count: 1, lastSeenAt: Date.parse('2026-11-27T18:00:00Z'), reportingComponent: '' },
    },
    {
      name: 'LIST item without apiVersion in the events.k8s.io shape',
      raw: {
        regarding: { kind: 'Pod', name: 'p' },
        note: 'hello',
        eventTime: '2026-11-27T17:00:00.000001Z',
        reportingController: 'example.com/ctl',
      },
      expected: {
        message: 'hello',
        involvedName: 'p',
        count: 1,
        lastSeenAt: Date.parse('2026-11-27T17:00:00Z'),
        reportingComponent: 'example.com/ctl',
      },
    },
    {
      name: 'no time at all falls back to creation',
      raw: { type: 'Warning' },
      expected: { type: 'Warning', lastSeenAt: Date.parse('2026-11-27T10:00:00Z') },
    },
  ])('$name', ({ raw, expected }) => {
    const metadata = { name: 'e', namespace: 'ns', uid: 'u', creationTimestamp: '2026-11-27T10:00:00Z' };
    expect(ok(projectEvent({ metadata, ...raw }))).toMatchObject(expected);
  });
});
