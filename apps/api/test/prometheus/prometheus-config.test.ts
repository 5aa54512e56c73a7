import { describe, expect, it } from 'vitest';
import { DEFAULT_JOBS } from '../../src/sources/prometheus/catalog.ts';
import {
  checkPrometheusClusters,
  DEFAULT_PROMETHEUS_CONFIG,
  type PrometheusConfig,
  parsePrometheusFlags,
  prometheusFor,
} from '../../src/sources/prometheus/prometheus-config.ts';

describe('parsePrometheusFlags', () => {
  it('is off without a URL', () => {
    expect(parsePrometheusFlags(['--port', '4000'], {})).toEqual({ config: null, problems: [] });
  });

  it.each([
    {
      case: 'one shared URL',
      argv: ['--prometheus-url', 'http://prom:9090/'],
      env: {},
      expected: { sharedUrl: 'http://prom:9090', urls: null, clusterLabel: null },
    },
    {
      case: 'per-cluster URLs, repeated, inline form',
      argv: [
        '--prometheus-url=prod=http://a:9090',
        '--prometheus-url',
        'arn:aws:eks:eu:1:cluster/x=https://b/prom',
      ],
      env: {},
      expected: {
        sharedUrl: null,
        urls: { prod: 'http://a:9090', 'arn:aws:eks:eu:1:cluster/x': 'https://b/prom' },
      },
    },
    {
      case: 'shared URL with a cluster label',
      argv: ['--prometheus-url', 'http://thanos:9090', '--prometheus-cluster-label', 'cluster'],
      env: {},
      expected: { sharedUrl: 'http://thanos:9090', clusterLabel: 'cluster' },
    },
    {
      case: 'environment',
      argv: [],
      env: {
        FLEETSCOPE_PROMETHEUS_URL: 'http://shared:9090, dev=http://dev:9090',
        FLEETSCOPE_PROMETHEUS_CLUSTER_LABEL: 'k8s_cluster',
        FLEETSCOPE_PROMETHEUS_WINDOW: '2m',
        FLEETSCOPE_PROMETHEUS_TIMEOUT_SECONDS: '2.5',
        FLEETSCOPE_PROMETHEUS_RETRIES: '0',
        FLEETSCOPE_PROMETHEUS_JOBS: 'apiserver=controlplane-apiserver,etcd=controlplane-etcd',
      },
      expected: {
        sharedUrl: 'http://shared:9090',
        urls: { dev: 'http://dev:9090' },
        clusterLabel: 'k8s_cluster',
        window: '2m',
        timeoutMs: 2_500,
        retries: 0,
        jobs: { ...DEFAULT_JOBS, apiserver: 'controlplane-apiserver', etcd: 'controlplane-etcd' },
      },
    },
    {
      case: 'flags win over environment',
      argv: ['--prometheus-url', 'http://flag:9090', '--prometheus-window', '30s'],
      env: { FLEETSCOPE_PROMETHEUS_URL: 'http://env:9090', FLEETSCOPE_PROMETHEUS_WINDOW: '2m' },
      expected: { sharedUrl: 'http://flag:9090', window: '30s' },
    },
    {
      case: 'job names and query overrides',
      argv: [
        '--prometheus-url=http://p',
        '--prometheus-job',
        'controller-manager=kcm',
        '--prometheus-query',
        'etcd_has_leader=max(etcd_server_has_leader{{etcd}})',
      ],
      env: {},
      expected: {
        jobs: { ...DEFAULT_JOBS, controllerManager: 'kcm' },
        queries: { etcd_has_leader: 'max(etcd_server_has_leader{{etcd}})' },
      },
    },
    {
      case: 'defaults',
      argv: ['--prometheus-url=http://p'],
      env: {},
      expected: {
        window: '5m',
        timeoutMs: 5_000,
        retries: 2,
        concurrency: 6,
        jobs: DEFAULT_JOBS,
        queries: {},
      },
    },
  ])('$case', ({ argv, env, expected }) => {
    const { config, problems } = parsePrometheusFlags(argv, env);
    expect(problems).toEqual([]);
    expect(config).toMatchObject(expected);
  });

  it.each([
    { argv: ['--prometheus-url', 'prom:9090'], problem: /must be an http\(s\) URL/ },
    { argv: ['--prometheus-url', 'ftp://prom'], problem: /must be an http\(s\) URL/ },
    {
      argv: ['--prometheus-url', 'http://a', '--prometheus-url', 'http://b'],
      problem: /only one shared URL/,
    },
    {
      argv: ['--prometheus-url', 'x=http://a', '--prometheus-url', 'x=http://b'],
      problem: /cluster "x" given twice/,
    },
    { argv: ['--prometheus-url'], problem: /--prometheus-url needs a value/ },
    {
      argv: ['--prometheus-url=http://a', '--prometheus-cluster-label', 'my-cluster'],
      problem: /label name/,
    },
    { argv: ['--prometheus-url=x=http://a', '--prometheus-cluster-label', 'cluster'], problem: /shared/ },
    {
      argv: ['--prometheus-url=http://a', '--prometheus-window', '5 minutes'],
      problem: /Prometheus duration/,
    },
    { argv: ['--prometheus-url=http://a', '--prometheus-timeout', '0'], problem: /between 0.1 and 300/ },
    { argv: ['--prometheus-url=http://a', '--prometheus-retries', '1.5'], problem: /an integer/ },
    { argv: ['--prometheus-url=http://a', '--prometheus-job', 'kubelet=k'], problem: /component one of/ },
    {
      argv: ['--prometheus-url=http://a', '--prometheus-query', 'probe_list_seconds=up'],
      problem: /not a Prometheus-backed/,
    },
    {
      argv: ['--prometheus-url=http://a', '--prometheus-query', 'nope=up'],
      problem: /not a Prometheus-backed/,
    },
    { argv: ['--prometheus-url=http://a', '--prometheus-query', 'target_up='], problem: /needs a PromQL/ },
    {
      argv: ['--prometheus-url=http://a', '--prometheus-urls', 'x'],
      problem: /unknown flag --prometheus-urls/,
    },
    { argv: ['--prometheus-window', '1m'], problem: /--prometheus-window needs --prometheus-url/ },
  ])('reports $problem for $argv', ({ argv, problem }) => {
    const { problems } = parsePrometheusFlags(argv, {});
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('; '),
    ).toBe(true);
  });
});

const base = (overrides: Partial<PrometheusConfig>): PrometheusConfig => ({
  ...DEFAULT_PROMETHEUS_CONFIG,
  urls: null,
  sharedUrl: null,
  ...overrides,
});

describe('prometheusFor', () => {
  it.each([
    { case: 'own URL wins', cluster: 'a', expected: { url: 'http://a', clusterLabel: null } },
    {
      case: 'others use the shared one',
      cluster: 'b',
      expected: { url: 'http://shared', clusterLabel: 'cluster' },
    },
  ])('$case', ({ cluster, expected }) => {
    const config = base({ urls: { a: 'http://a' }, sharedUrl: 'http://shared', clusterLabel: 'cluster' });
    expect(prometheusFor(config, cluster)).toEqual(expected);
  });

  it('is null for a cluster without Prometheus', () => {
    expect(prometheusFor(base({ urls: { a: 'http://a' } }), 'b')).toBeNull();
  });
});

describe('checkPrometheusClusters', () => {
  it.each([
    {
      case: 'one cluster on a label-less shared URL',
      config: base({ sharedUrl: 'http://s' }),
      clusters: ['a'],
      n: 0,
    },
    {
      case: 'several clusters on a label-less shared URL',
      config: base({ sharedUrl: 'http://s' }),
      clusters: ['a', 'b'],
      n: 1,
    },
    {
      case: 'several clusters with a label',
      config: base({ sharedUrl: 'http://s', clusterLabel: 'cluster' }),
      clusters: ['a', 'b'],
      n: 0,
    },
    {
      case: 'each cluster its own URL',
      config: base({ urls: { a: 'http://a', b: 'http://b' } }),
      clusters: ['a', 'b'],
      n: 0,
    },
    {
      case: 'URL for an unwatched cluster',
      config: base({ urls: { c: 'http://c' } }),
      clusters: ['a'],
      n: 1,
    },
  ])('$case → $n problem(s)', ({ config, clusters, n }) => {
    expect(checkPrometheusClusters(config, clusters)).toHaveLength(n);
  });
});
