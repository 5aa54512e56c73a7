import { describe, expect, it } from 'vitest';
import { clusterHref, parseRoute, type Route } from '../src/router.ts';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { view: 'fleet' }],
    ['#', { view: 'fleet' }],
    ['#/', { view: 'fleet' }],
    ['#/clusters/eu-west-1', { view: 'cluster', cluster: 'eu-west-1' }],
    ['#/clusters/eu-west-1/', { view: 'cluster', cluster: 'eu-west-1' }],
    ['#/clusters/a%20b', { view: 'cluster', cluster: 'a b' }],
    ['#/clusters', { view: 'not-found', path: '/clusters' }],
    ['#/clusters/%E0%A4%A', { view: 'not-found', path: '/clusters/%E0%A4%A' }],
    ['#/pools', { view: 'not-found', path: '/pools' }],
  ])('%s', (hash, expected) => {
    expect(parseRoute(hash)).toEqual(expected);
  });

  it('round-trips cluster names through clusterHref', () => {
    for (const name of ['prod', 'us-east-2', 'a/b', 'x y']) {
      expect(parseRoute(clusterHref(name))).toEqual({ view: 'cluster', cluster: name });
    }
  });
});
