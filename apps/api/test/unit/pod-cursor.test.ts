import { describe, expect, it } from 'vitest';
import { comparePodKeys, decodePodCursor, encodePodCursor } from '../../src/graphql/workloads/pod-cursor.ts';

describe('troubledPods cursors', () => {
  it.each([
    ['default', 'api-7d9c-x2'],
    ['a', 'b'],
    ['team-ü', 'pod/with/slash'],
  ])('round-trips %s/%s and hides it', (namespace, name) => {
    const cursor = encodePodCursor(namespace, name);
    expect(cursor).not.toContain(namespace);
    expect(decodePodCursor(cursor)).toEqual({ namespace, name });
  });

  it.each(['', '%%%', 'bm90LWEtY3Vyc29y', Buffer.from('pod:noslash').toString('base64url'), 'x'.repeat(801)])(
    'refuses %j',
    (cursor) => {
      expect(decodePodCursor(cursor)).toBeNull();
    },
  );

  it('orders by namespace, then name', () => {
    const keys = [
      { namespace: 'b', name: 'a' },
      { namespace: 'a', name: 'z' },
      { namespace: 'a', name: 'b' },
    ];
    expect([...keys].sort(comparePodKeys)).toEqual([keys[2], keys[1], keys[0]]);
  });
});
