import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/model/types.ts';
import { cutPage, listBody, listItem } from '../src/server/list.ts';
import type { ObjectFilter } from '../src/server/selectors.ts';

function pod(namespace: string, name: string, app: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `${namespace}-${name}`,
      resourceVersion: '7',
      creationTimestamp: '2026-01-15T08:00:00Z',
      labels: { app },
    },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };
}

// In key order, as the store lists them.
const pods = [
  pod('a', 'p1', 'web'),
  pod('a', 'p2', 'db'),
  pod('b', 'p1', 'web'),
  pod('b', 'p2', 'web'),
  pod('c', 'p1', 'db'),
];
const names = (page: KubeObject[]): string[] => page.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
const everything: ObjectFilter = { labels: [], fields: [], selective: false };

describe('cutPage', () => {
  it.each([
    { name: 'first page', filter: everything, start: '', limit: 2, page: ['a/p1', 'a/p2'], remaining: 3 },
    {
      name: 'from a continue key',
      filter: everything,
      start: 'a/p2\u0000',
      limit: 2,
      page: ['b/p1', 'b/p2'],
      remaining: 1,
    },
    { name: 'last page', filter: everything, start: 'b/p2\u0000', limit: 2, page: ['c/p1'], remaining: 0 },
    {
      name: 'no limit',
      filter: everything,
      start: '',
      limit: 0,
      page: ['a/p1', 'a/p2', 'b/p1', 'b/p2', 'c/p1'],
      remaining: 0,
    },
    {
      name: 'one namespace',
      filter: { ...everything, namespace: 'b' },
      start: '',
      limit: 1,
      page: ['b/p1'],
      remaining: 1,
    },
    {
      name: 'a label selector counts only matches after the page',
      filter: { labels: [{ key: 'app', operator: 'in', values: ['db'] }], fields: [], selective: true },
      start: '',
      limit: 1,
      page: ['a/p2'],
      remaining: 1,
    },
    { name: 'start past the end', filter: everything, start: 'z', limit: 2, page: [], remaining: 0 },
  ] as const)('$name', ({ filter, start, limit, page, remaining }) => {
    const cut = cutPage('pods', pods, filter as ObjectFilter, start, limit);
    expect(names(cut.page)).toEqual(page);
    expect(cut.remaining).toBe(remaining);
  });
});

describe('listBody', () => {
  it('is byte for byte JSON.stringify of the list, and serializes an object once', () => {
    const metadata = { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 };
    const expected = JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata,
      items: pods.map(listItem),
    });
    expect(listBody('PodList', 'v1', metadata, pods)).toBe(expected);
    expect(listBody('PodList', 'v1', metadata, pods)).toBe(expected);
    expect(listBody('PodList', 'v1', { resourceVersion: '9' }, [])).toBe(
      '{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[]}',
    );
  });
});
