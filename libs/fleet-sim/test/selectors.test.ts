import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/model/types.ts';
import {
  compileFilter,
  matchesFields,
  matchesFilter,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  validateFields,
} from '../src/server/selectors.ts';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/component': 'service' };

describe('parseLabelSelector + matchesLabels', () => {
  const cases: [selector: string, matches: boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (api, db)', false],
    ['app notin (api,db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app in (web),!missing,tier', true],
    ['app.kubernetes.io/component=service', true],
  ];
  it.each(cases)('%s → %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('parses operators into requirements', () => {
    expect(parseLabelSelector('a=b,c!=d,e in (f,g),h notin (i),j,!k')).toEqual([
      { key: 'a', operator: 'eq', values: ['b'] },
      { key: 'c', operator: 'neq', values: ['d'] },
      { key: 'e', operator: 'in', values: ['f', 'g'] },
      { key: 'h', operator: 'notin', values: ['i'] },
      { key: 'j', operator: 'exists', values: [] },
      { key: 'k', operator: 'notexists', values: [] },
    ]);
  });

  const invalid = ['a=b,', 'a in (b', 'a=b)', '=b', 'a=-bad-', 'bad key=x'];
  it.each(invalid)('rejects %s', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
  });
});

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p1',
    namespace: 'ml',
    uid: 'u',
    resourceVersion: '1',
    creationTimestamp: '',
    labels: { app: 'x' },
  },
  spec: { nodeName: 'node-a' },
  status: { phase: 'Running' },
};
const unbound: KubeObject = {
  ...pod,
  metadata: { ...pod.metadata, name: 'p2' },
  spec: {},
  status: { phase: 'Pending' },
};

describe('field selectors', () => {
  const cases: [selector: string, object: KubeObject, matches: boolean][] = [
    ['metadata.name=p1', pod, true],
    ['metadata.name==p1', pod, true],
    ['metadata.name!=p1', pod, false],
    ['metadata.namespace=ml', pod, true],
    ['spec.nodeName=node-a', pod, true],
    ['spec.nodeName=', unbound, true],
    ['spec.nodeName!=', pod, true],
    ['spec.nodeName!=', unbound, false],
    ['status.phase=Running', pod, true],
    ['status.phase!=Running,status.phase!=Succeeded', unbound, true],
    ['status.phase=Running,spec.nodeName=node-b', pod, false],
  ];
  it.each(cases)('%s', (selector, object, expected) => {
    const reqs = parseFieldSelector(selector);
    validateFields('pods', reqs);
    expect(matchesFields('pods', reqs, object)).toBe(expected);
  });

  it('rejects fields the resource does not index', () => {
    expect(() => validateFields('pods', parseFieldSelector('spec.containers=x'))).toThrow(
      'field label not supported: spec.containers',
    );
    expect(() => validateFields('nodes', parseFieldSelector('spec.nodeName=x'))).toThrow(SelectorError);
    expect(() => parseFieldSelector('nonsense')).toThrow(SelectorError);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b')).toEqual([
      { field: 'metadata.name', operator: 'eq', value: 'a,b' },
    ]);
  });

  it('combines namespace, labels and fields', () => {
    const filter = compileFilter(
      'pods',
      'ml',
      new URLSearchParams({ labelSelector: 'app=x', fieldSelector: 'status.phase=Running' }),
    );
    expect(filter.selective).toBe(true);
    expect(matchesFilter('pods', filter, pod)).toBe(true);
    expect(matchesFilter('pods', filter, unbound)).toBe(false);
    expect(matchesFilter('pods', { ...filter, namespace: 'other' }, pod)).toBe(false);
  });
});
