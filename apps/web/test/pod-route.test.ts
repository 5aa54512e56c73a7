import { describe, expect, it } from 'vitest';
import { hashWithPod, type PodRef, parseRoute, podHref, podInLocation } from '../src/router.ts';

const POD: PodRef = { cluster: 'prod-us-east', namespace: 'shop', name: 'orders-7d9c-x2x' };

describe('the pod drawer in the location', () => {
  it.each<[string, PodRef | null]>([
    ['#/clusters/prod-us-east/rollouts?pod=prod-us-east/shop/orders-7d9c-x2x', POD],
    ['#/triage?kiosk=0&pod=prod-us-east/shop/orders-7d9c-x2x', POD],
    ['#/clusters/prod-us-east/pods/shop/orders-7d9c-x2x', POD],
    ['#/?pod=a%2Fb/ns/p%26q', { cluster: 'a/b', namespace: 'ns', name: 'p&q' }],
    ['#/clusters/a%20b/pods/ns/p', { cluster: 'a b', namespace: 'ns', name: 'p' }],
    ['#/triage', null],
    ['#/triage?pod=', null],
    ['#/triage?pod=only/two', null],
    ['#/triage?pod=a/b/c/d', null],
    ['#/triage?pod=a//c', null],
    ['#/triage?pod=%E0%A4%A/b/c', null],
    ['#/clusters/x/pods/%E0%A4%A/p', null],
  ])('%s', (hash, expected) => {
    expect(podInLocation(hash)).toEqual(expected);
  });

  it('opens and closes on the current route, keeping its other options', () => {
    expect(hashWithPod('#/clusters/prod-us-east/rollouts', POD)).toBe(
      '#/clusters/prod-us-east/rollouts?pod=prod-us-east/shop/orders-7d9c-x2x',
    );
    expect(hashWithPod('#/triage?kiosk=1', POD)).toBe(
      '#/triage?kiosk=1&pod=prod-us-east/shop/orders-7d9c-x2x',
    );
    expect(hashWithPod('#/triage?kiosk=1&pod=a/b/c', null)).toBe('#/triage?kiosk=1');
    expect(hashWithPod('#/triage?pod=a/b/c', POD)).toBe('#/triage?pod=prod-us-east/shop/orders-7d9c-x2x');
    expect(hashWithPod('', POD)).toBe('#/?pod=prod-us-east/shop/orders-7d9c-x2x');
    // Closing the pod route goes to its cluster.
    expect(hashWithPod('#/clusters/prod-us-east/pods/shop/orders-7d9c-x2x', null)).toBe(
      '#/clusters/prod-us-east',
    );
  });

  it('round-trips every pod, whatever its characters', () => {
    for (const pod of [POD, { cluster: 'a/b', namespace: 'n s', name: 'p?q&r=s' }]) {
      expect(podInLocation(hashWithPod('#/pools', pod))).toEqual(pod);
      expect(podInLocation(podHref(pod))).toEqual(pod);
    }
  });

  it('the pod route shows the cluster view (with the drawer over it)', () => {
    expect(parseRoute('#/clusters/prod-us-east/pods/shop/orders-7d9c-x2x')).toEqual({
      view: 'cluster',
      cluster: 'prod-us-east',
    });
    expect(parseRoute('#/clusters/prod-us-east/rollouts?pod=prod-us-east/shop/x')).toEqual({
      view: 'rollouts',
      cluster: 'prod-us-east',
    });
  });
});
