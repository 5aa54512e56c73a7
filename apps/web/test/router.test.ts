import { describe, expect, it } from 'vitest';
import {
  clusterHref,
  type DisplayOptions,
  displayOptions,
  parseRoute,
  poolsHref,
  type Route,
} from '../src/router.ts';

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
    ['#/pools', { view: 'pools', cluster: null }],
    ['#/clusters/eu-west-1/pools', { view: 'pools', cluster: 'eu-west-1' }],
    ['#/clusters/a%2Fb/pools', { view: 'pools', cluster: 'a/b' }],
    ['#/clusters/eu-west-1/nodes', { view: 'not-found', path: '/clusters/eu-west-1/nodes' }],
  ])('%s', (hash, expected) => {
    expect(parseRoute(hash)).toEqual(expected);
  });

  it('round-trips cluster names through clusterHref and poolsHref', () => {
    for (const name of ['prod', 'us-east-2', 'a/b', 'x y']) {
      expect(parseRoute(clusterHref(name))).toEqual({ view: 'cluster', cluster: name });
      expect(parseRoute(poolsHref(name))).toEqual({ view: 'pools', cluster: name });
    }
    expect(parseRoute(poolsHref())).toEqual({ view: 'pools', cluster: null });
  });
});

describe('triage and wall routes', () => {
  it.each<[string, string, Route]>([
    ['#/triage', '/', { view: 'triage' }],
    ['#/triage?kiosk=1', '/', { view: 'triage' }],
    ['#/manager', '/', { view: 'manager' }],
    ['#/manager/x', '/', { view: 'not-found', path: '/manager/x' }],
    ['#/wall', '/', { view: 'wall' }],
    ['', '/wall', { view: 'wall' }],
    ['', '/wall/', { view: 'wall' }],
    ['#/', '/wall', { view: 'wall' }],
    ['#/clusters/a', '/wall', { view: 'cluster', cluster: 'a' }],
    ['', '/elsewhere', { view: 'fleet' }],
  ])('%s at %s', (hash, pathname, expected) => {
    expect(parseRoute(hash, pathname)).toEqual(expected);
  });
});

describe('displayOptions', () => {
  it.each<[string, string, DisplayOptions]>([
    ['', '', { kiosk: false, rotateSeconds: 30 }],
    ['?kiosk=1', '#/triage', { kiosk: true, rotateSeconds: 30 }],
    ['', '#/triage?kiosk=1&rotate=20', { kiosk: true, rotateSeconds: 20 }],
    ['?kiosk=0&rotate=abc', '', { kiosk: false, rotateSeconds: 30 }],
    ['?rotate=1', '', { kiosk: false, rotateSeconds: 30 }],
    ['?rotate=12.4', '', { kiosk: false, rotateSeconds: 12 }],
    ['?kiosk', '', { kiosk: true, rotateSeconds: 30 }],
  ])('%s %s', (search, hash, expected) => {
    expect(displayOptions(search, hash)).toEqual(expected);
  });
});
