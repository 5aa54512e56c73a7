import { SIGNAL_NAMES, type SignalName } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import {
  buildQueries,
  type CatalogQuery,
  DEFAULT_JOBS,
  PROMETHEUS_SIGNALS,
  type QueryContext,
  renderQuery,
  SIGNAL_CATALOG,
} from '../../src/sources/prometheus/catalog.ts';

const context: QueryContext = { jobs: DEFAULT_JOBS, clusterLabel: null, cluster: 'prod', window: '5m' };
const byName = (queries: CatalogQuery[], name: SignalName): CatalogQuery => {
  const q = queries.find((x) => x.name === name);
  if (!q) throw new Error(`no query for ${name}`);
  return q;
};
const defaults = buildQueries(context);

/** Every label-matcher block `{…}` of a PromQL expression (the `by (…)` clauses use parentheses). */
const selectors = (promql: string): string[] => promql.match(/\{[^{}]*\}/g) ?? [];

describe('signal catalog', () => {
  it('has exactly one query for every signal that is not a synthetic probe', () => {
    const expected = SIGNAL_NAMES.filter((n) => !n.startsWith('probe_'));
    expect([...PROMETHEUS_SIGNALS].sort()).toEqual([...expected].sort());
    expect(new Set(PROMETHEUS_SIGNALS).size).toBe(SIGNAL_CATALOG.length);
  });

  it.each(['write_p99_seconds', 'write_error_ratio', 'write_requests_per_second'] as const)(
    '%s counts server-side apply (APPLY) with the other mutating verbs',
    (name) => {
      expect(byName(defaults, name).query).toContain('verb=~"POST|PUT|PATCH|DELETE|APPLY"');
    },
  );

  it.each(['read_p99_seconds', 'read_error_ratio', 'write_p99_seconds', 'write_error_ratio'] as const)(
    '%s prefers the SLI metric and falls back to the full-latency metric',
    (name) => {
      const { query } = byName(defaults, name);
      const [sli, fallback] = query.split(') or (');
      expect(sli).toContain('apiserver_request_sli_duration_seconds');
      expect(sli).not.toContain('apiserver_request_duration_seconds');
      expect(fallback).toContain('apiserver_request_duration_seconds');
      expect(fallback).not.toContain('apiserver_request_sli_duration_seconds');
      // Streaming requests never count in a latency SLI.
      for (const s of selectors(query).filter((s) => s.includes('duration_seconds') || s.includes('verb='))) {
        expect(s).toContain('subresource!~"proxy|attach|log|exec|portforward"');
      }
    },
  );

  it('checks every quantile against its own histogram: bucket rates by the kept labels and le, and the mean', () => {
    const quantiles = defaults.filter((q) => q.query.includes('histogram_quantile'));
    expect(quantiles.map((q) => q.name).sort()).toEqual(
      SIGNAL_CATALOG.filter((e) => e.histogram !== undefined)
        .map((e) => e.name)
        .sort(),
    );
    for (const q of quantiles) {
      const h = q.histogram;
      if (h === null) throw new Error(`${q.name} has no histogram companions`);
      // The quantile is computed from exactly the bucket rates the companion returns.
      expect(q.query).toContain(h.buckets.split(') or (')[0]?.replace(/^\(/, '') ?? '');
      expect(h.buckets).toMatch(/_bucket\{/);
      expect(h.buckets).toMatch(new RegExp(`by \\(${[...q.labels, 'le'].join(', ')}\\)`));
      expect(h.mean).toMatch(/_sum\{.*\/ .*_count\{/);
    }
    // An overridden quantile may come from anything: no companions, no saturation claim.
    const overridden = buildQueries(context, { write_p99_seconds: 'vector(0.2)' });
    expect(byName(overridden, 'write_p99_seconds').histogram).toBeNull();
  });

  it('bounds the read error ratio per scope: 1 s resource (or empty), 30 s namespace and cluster', () => {
    const { query } = byName(defaults, 'read_error_ratio');
    expect(query).toContain('scope=~"resource|",le=~"1(\\\\.0)?"');
    expect(query).toContain('scope="namespace",le=~"30(\\\\.0)?"');
    expect(query).toContain('scope="cluster",le=~"30(\\\\.0)?"');
    expect(query).toContain('code=~"5.."');
  });

  it('reports read p99 per scope, counting empty scope as resource scope', () => {
    const { query, labels } = byName(defaults, 'read_p99_seconds');
    expect(query).toContain('sum by (scope, le)');
    expect(query).toContain('"scope", "resource", "scope", ""');
    expect(labels).toEqual(['scope']);
  });

  it('reports target_up per logical job under the contract names, whatever the real job labels', () => {
    const jobs = {
      apiserver: 'controlplane-apiserver',
      etcd: 'controlplane-etcd',
      scheduler: 's',
      controllerManager: 'c',
    };
    const { query } = byName(buildQueries({ ...context, jobs }), 'target_up');
    for (const [job, label] of [
      ['controlplane-apiserver', 'apiserver'],
      ['controlplane-etcd', 'etcd'],
      ['s', 'scheduler'],
      ['c', 'controller-manager'],
    ]) {
      expect(query).toContain(`label_replace(max(up{job="${job}"}), "job", "${label}", "", "")`);
    }
  });

  it.each([
    { component: 'apiserver', signal: 'read_requests_per_second', job: 'apiserver' },
    { component: 'etcd', signal: 'etcd_wal_fsync_p99_seconds', job: 'etcd' },
    { component: 'scheduler', signal: 'scheduler_pending_pods', job: 'kube-scheduler' },
    { component: 'controller manager', signal: 'workqueue_depth', job: 'kube-controller-manager' },
  ] as const)('selects the $component by its default job "$job"', ({ signal, job }) => {
    for (const s of selectors(byName(defaults, signal).query)) expect(s).toContain(`job="${job}"`);
  });

  it('injects the cluster label into every selector of every query on a shared Prometheus', () => {
    const queries = buildQueries({ ...context, clusterLabel: 'k8s_cluster', cluster: 'eu-1' });
    for (const { name, query } of queries) {
      const blocks = selectors(query);
      expect(blocks.length, name).toBeGreaterThan(0);
      for (const block of blocks) expect(block, name).toContain('k8s_cluster="eu-1"');
    }
  });

  it('injects no cluster matcher when the Prometheus serves one cluster', () => {
    for (const { query } of defaults) expect(query).not.toMatch(/cluster="/);
  });

  it('leaves no placeholder behind and uses the configured window for rates', () => {
    const queries = buildQueries({ ...context, window: '10s' });
    for (const { name, query, window } of queries) {
      expect(query, name).not.toMatch(/\{(apiserver|etcd|scheduler|controller_manager|cluster|window)\}/);
      if (window === '10s') expect(query, name).toContain('[10s]');
    }
    expect(byName(queries, 'write_p99_seconds').window).toBe('10s');
    expect(byName(queries, 'etcd_leader_changes_15m')).toMatchObject({ window: '15m' });
    expect(byName(queries, 'etcd_leader_changes_15m').query).toContain('[15m]');
    expect(byName(queries, 'etcd_has_leader').window).toBe('');
  });

  it('applies overrides as templates with the same placeholders', () => {
    const queries = buildQueries(
      { ...context, clusterLabel: 'cluster', cluster: 'prod' },
      { etcd_has_leader: 'max(etcd_server_has_leader{{etcd}})', read_p99_seconds: 'vector(0.1)' },
    );
    expect(byName(queries, 'etcd_has_leader')).toMatchObject({
      query: 'max(etcd_server_has_leader{job="etcd",cluster="prod"})',
      overridden: true,
    });
    expect(byName(queries, 'read_p99_seconds')).toMatchObject({ query: 'vector(0.1)', overridden: true });
    expect(byName(queries, 'write_p99_seconds').overridden).toBe(false);
  });

  it.each([
    { template: 'up{{apiserver}}', clusterLabel: null, expected: 'up{job="apiserver"}' },
    { template: 'up{{apiserver}}', clusterLabel: 'cluster', expected: 'up{job="apiserver",cluster="a\\"b"}' },
    { template: 'up{job="x",{cluster}}', clusterLabel: 'cluster', expected: 'up{job="x",cluster="a\\"b"}' },
    { template: 'up{job="x",{cluster}}', clusterLabel: null, expected: 'up{job="x",}' },
    { template: 'rate(x{{etcd}}[{window}])', clusterLabel: null, expected: 'rate(x{job="etcd"}[5m])' },
    {
      template: 'x{{scheduler}} + y{{controller_manager}}',
      clusterLabel: null,
      expected: 'x{job="kube-scheduler"} + y{job="kube-controller-manager"}',
    },
  ])('renders $template (cluster label $clusterLabel)', ({ template, clusterLabel, expected }) => {
    expect(renderQuery(template, { ...context, clusterLabel, cluster: 'a"b' })).toBe(expected);
  });
});
