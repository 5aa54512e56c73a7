import type { ControllerRevisionRecord, PodTemplateSummary } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  daemonSetTemplateDiff,
  projectControllerRevision,
  statefulSetTemplateDiff,
  type TemplateChange,
} from '../../src/index.ts';

function template(image: string, extra: Partial<PodTemplateSummary> = {}): PodTemplateSummary {
  return {
    containers: [
      {
        name: 'db',
        init: false,
        image,
        envNames: ['PGDATA'],
        readinessProbe: null,
        livenessProbe: null,
        startupProbe: null,
        resources: 'requests cpu=1',
      },
    ],
    nodeSelector: [],
    affinity: '',
    tolerations: [],
    serviceAccount: 'default',
    runtimeClass: '',
    volumes: [],
    ...extra,
  };
}

function revision(name: string, n: number, t: PodTemplateSummary | undefined): ControllerRevisionRecord {
  return {
    kind: 'ControllerRevision',
    uid: `uid-${name}`,
    namespace: 'data',
    name,
    resourceVersion: '1',
    controller: { kind: 'StatefulSet', name: 'db', uid: 'uid-db', controller: true },
    revision: n,
    hash: name,
    ...(t === undefined ? {} : { template: t }),
  };
}

const v1 = revision('db-aaa', 1, template('postgres:16.3'));
const v2 = revision('db-bbb', 2, template('postgres:17.0'));
const v3 = revision('db-ccc', 3, template('postgres:17.0', { tolerations: ['gpu exists:*'] }));
const noTemplate = revision('db-ddd', 4, undefined);
const image: TemplateChange = {
  field: 'image',
  container: 'db',
  before: 'postgres:16.3',
  after: 'postgres:17.0',
};

describe('statefulSetTemplateDiff: currentRevision against updateRevision', () => {
  it.each<
    [
      string,
      { currentRevision: string; updateRevision: string },
      ControllerRevisionRecord[],
      TemplateChange[] | null,
    ]
  >([
    ['image changed', { currentRevision: 'db-aaa', updateRevision: 'db-bbb' }, [v2, v1], [image]],
    [
      'older revisions in between are not what the pods run',
      { currentRevision: 'db-bbb', updateRevision: 'db-ccc' },
      [v1, v2, v3],
      [{ field: 'tolerations', container: null, before: '(none)', after: 'gpu exists:*' }],
    ],
    [
      'not updating: nothing to diff',
      { currentRevision: 'db-bbb', updateRevision: 'db-bbb' },
      [v1, v2],
      null,
    ],
    [
      'update revision not known (not watched yet)',
      { currentRevision: 'db-aaa', updateRevision: 'db-bbb' },
      [v1],
      null,
    ],
    ['no revisions known', { currentRevision: 'db-aaa', updateRevision: 'db-bbb' }, [], null],
    [
      'a revision without a template',
      { currentRevision: 'db-aaa', updateRevision: 'db-ddd' },
      [v1, noTemplate],
      null,
    ],
    ['status has no revisions yet', { currentRevision: '', updateRevision: 'db-bbb' }, [v1, v2], null],
    [
      'same template under two revisions: empty, not null',
      { currentRevision: 'db-bbb', updateRevision: 'db-eee' },
      [v2, revision('db-eee', 5, template('postgres:17.0'))],
      [],
    ],
  ])('%s', (_, status, revisions, expected) => {
    expect(statefulSetTemplateDiff(status, revisions)).toEqual(expected);
  });
});

describe('daemonSetTemplateDiff: the newest revision against the one before', () => {
  it.each<[string, ControllerRevisionRecord[], TemplateChange[] | null]>([
    ['two revisions, any order', [v2, v1], [image]],
    [
      'three: the newest two',
      [v3, v1, v2],
      [{ field: 'tolerations', container: null, before: '(none)', after: 'gpu exists:*' }],
    ],
    ['one revision: nothing earlier', [v1], null],
    ['none known', [], null],
    ['the newest has no template', [v2, noTemplate], null],
  ])('%s', (_, revisions, expected) => {
    expect(daemonSetTemplateDiff(revisions)).toEqual(expected);
  });
});

describe('projectControllerRevision', () => {
  const raw = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: 'db-7c9d8f6b5',
      namespace: 'data',
      uid: 'u1',
      resourceVersion: '42',
      labels: { app: 'db', 'controller-revision-hash': 'db-7c9d8f6b5' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'uid-db', controller: true },
      ],
    },
    data: {
      spec: {
        template: {
          $patch: 'replace',
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              { name: 'db', image: 'postgres:17.0', env: [{ name: 'PASSWORD', value: 'secret' }] },
            ],
          },
        },
      },
    },
    revision: 3,
  };

  it('keeps owner, revision, hash and the compact template, never env values', () => {
    const result = projectControllerRevision(raw);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toMatchObject({
      kind: 'ControllerRevision',
      namespace: 'data',
      name: 'db-7c9d8f6b5',
      controller: { kind: 'StatefulSet', name: 'db', uid: 'uid-db' },
      revision: 3,
      hash: 'db-7c9d8f6b5',
    });
    expect(result.record.template?.containers[0]).toMatchObject({
      image: 'postgres:17.0',
      envNames: ['PASSWORD'],
    });
    expect(JSON.stringify(result.record)).not.toContain('secret');
  });

  it.each<[string, unknown, string | null]>([
    ['no data: no template', { ...raw, data: undefined }, null],
    ['data without a template', { ...raw, data: { spec: {} } }, null],
    ['revision not an integer', { ...raw, revision: 'three' }, 'revision is not an integer'],
    ['data not an object', { ...raw, data: 'x' }, 'data'],
    ['not an object', 'nope', 'expected an object'],
  ])('%s', (_, input, error) => {
    const result = projectControllerRevision(input);
    if (error === null) {
      expect(result.ok && result.record.template).toBeUndefined();
      expect(result.ok).toBe(true);
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(error);
    }
  });
});
