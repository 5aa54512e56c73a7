import type { SignalName } from '@fleetscope/types';
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/sources/prometheus/bounded.ts';
import {
  buildQueries,
  DEFAULT_JOBS,
  PROMETHEUS_SIGNALS,
  SIGNAL_CATALOG,
} from '../../src/sources/prometheus/catalog.ts';
import { PrometheusSource, toSamples } from '../../src/sources/prometheus/prometheus.source.ts';
import {
  DEFAULT_PROMETHEUS_CONFIG,
  type PrometheusConfig,
} from '../../src/sources/prometheus/prometheus-config.ts';
import {
  type FakeAnswer,
  type FakeCall,
  fakeFetch,
  json,
  recordingSleep,
  refused,
  vector,
} from './fake-prometheus.ts';

const PROM = 'http://prom:9090';
const NOW = 1_700_000_000_000;

const config = (overrides: Partial<PrometheusConfig> = {}): PrometheusConfig => ({
  ...DEFAULT_PROMETHEUS_CONFIG,
  urls: null,
  sharedUrl: PROM,
  ...overrides,
});

/** Which signal a call is for, by its PromQL (cluster "prod", no label, default jobs and window). */
const signalOf = (() => {
  const names = new Map(
    buildQueries({ jobs: DEFAULT_JOBS, clusterLabel: null, cluster: 'prod', window: '5m' }).map((q) => [
      q.query,
      q.name,
    ]),
  );
  return (call: FakeCall): SignalName | undefined => names.get(call.params.get('query') ?? '');
})();

function logger() {
  const lines: string[] = [];
  return {
    lines,
    warn: (message: string) => lines.push(`warn ${message}`),
    info: (message: string) => lines.push(`info ${message}`),
  };
}

function source(answer: (call: FakeCall) => FakeAnswer, overrides: Partial<PrometheusConfig> = {}) {
  const fake = fakeFetch((call) => answer(call));
  const log = logger();
  const s = new PrometheusSource({
    config: config(overrides),
    logger: log,
    fetch: fake.fetch,
    sleep: recordingSleep().sleep,
  });
  return { s, calls: fake.calls, log };
}

const healthy = (call: FakeCall): FakeAnswer => {
  switch (signalOf(call)) {
    case 'target_up':
      return vector([{ job: 'apiserver' }, '1'], [{ job: 'etcd' }, '1'], [{ job: 'scheduler' }, '0']);
    case 'read_p99_seconds':
      return vector([{ scope: 'resource' }, '0.08'], [{ scope: 'cluster' }, 'NaN']);
    case 'write_error_ratio':
      return vector([{}, '+Inf']);
    case 'apf_rejected_per_second':
      return vector();
    default:
      return vector([{ instance: 'etcd-0:2379', job: 'etcd' }, '1']);
  }
};

describe('PrometheusSource.collect', () => {
  it('turns every catalog query into a signal with samples, window, source and time', async () => {
    const { s, calls } = source(healthy);
    const set = await s.collect('prod', NOW);

    // Every quantile that answered is checked against its histogram: two companion queries each.
    const quantiles = SIGNAL_CATALOG.filter((e) => e.histogram !== undefined).length;
    expect(quantiles).toBe(9);
    expect(calls).toHaveLength(PROMETHEUS_SIGNALS.length + 2 * quantiles);
    expect(Object.keys(set.signals).sort()).toEqual([...PROMETHEUS_SIGNALS].sort());
    expect(set.signals.read_p99_seconds).toEqual({
      name: 'read_p99_seconds',
      // NaN for cluster scope = no traffic there: dropped, not zero, not an error.
      samples: [{ labels: { scope: 'resource' }, value: 0.08 }],
      window: '5m',
      source: `prometheus ${PROM}`,
      observedAt: NOW,
      error: null,
    });
    // +Inf (a division by zero) fails only that signal.
    expect(set.signals.write_error_ratio).toMatchObject({
      samples: [],
      error: `Prometheus ${PROM}: write_error_ratio is +Inf`,
    });
    expect(set.signals.apf_rejected_per_second).toMatchObject({ samples: [], error: null });
    // Only the labels the catalog keeps survive.
    expect(set.signals.etcd_has_leader?.samples).toEqual([{ labels: { instance: 'etcd-0:2379' }, value: 1 }]);
    expect(set.signals.etcd_members_up?.samples).toEqual([{ labels: {}, value: 1 }]);
    expect(set.signals.etcd_has_leader?.window).toBe('');
    expect(set.observable).toEqual({ etcd: true, scheduler: true, controllers: false });
  });

  it.each([
    { case: 'connection refused', answer: (): FakeAnswer => refused(), contains: 'network error' },
    { case: '503', answer: (): FakeAnswer => new Response('', { status: 503 }), contains: 'HTTP 503' },
    { case: 'garbage', answer: (): FakeAnswer => new Response('<html/>'), contains: 'not JSON' },
    {
      case: 'wrong shape',
      answer: (): FakeAnswer => json({ status: 'success', data: {} }),
      contains: 'unexpected',
    },
    { case: 'a bug in fetch', answer: (): FakeAnswer => new RangeError('weird'), contains: 'weird' },
  ])('never throws: $case gives every signal an error naming the URL', async ({ answer, contains }) => {
    const { s } = source(answer, { retries: 1 });
    const set = await s.collect('prod', NOW);
    for (const name of PROMETHEUS_SIGNALS) {
      const signal = set.signals[name];
      expect(signal?.error, name).toContain(`Prometheus ${PROM}: `);
      expect(signal?.error, name).toContain(contains);
      expect(signal).toMatchObject({ samples: [], observedAt: null, source: `prometheus ${PROM}` });
    }
    // A failed `up` query proves nothing: the parts stay observable so they read UNKNOWN.
    expect(set.observable).toEqual({ etcd: true, scheduler: true, controllers: true });
  });

  it('flags a quantile whose rank fell in +Inf as a floor with the mean, and leaves measured ones alone', async () => {
    const queries = buildQueries({ jobs: DEFAULT_JOBS, clusterLabel: null, cluster: 'prod', window: '5m' });
    const webhook = queries.find((q) => q.name === 'admission_webhook_p99_seconds');
    const write = queries.find((q) => q.name === 'write_p99_seconds');
    if (!webhook?.histogram || !write?.histogram) throw new Error('quantiles without histogram companions');
    const hook = { name: 'policy.example.com', type: 'validating' };
    const other = { name: 'fast.example.com', type: 'validating' };
    // v1.24 webhook buckets: 16 calls in 5m, all timing out at 10 s, so none ≤ 2.5 s; another webhook is fast.
    const perSecond = (16 / 300).toString();
    const answer = (call: FakeCall): FakeAnswer => {
      const promql = call.params.get('query') ?? '';
      if (promql === webhook.query) return vector([hook, '2.5'], [other, '0.02']);
      if (promql === webhook.histogram?.buckets) {
        return vector(
          ...['0.005', '0.025', '0.1', '0.5', '1', '2.5'].map((le): [Record<string, string>, string] => [
            { ...hook, le },
            '0',
          ]),
          [{ ...hook, le: '+Inf' }, perSecond],
          [{ ...other, le: '0.025' }, '1'],
          [{ ...other, le: '+Inf' }, '1'],
        );
      }
      if (promql === webhook.histogram?.mean) return vector([hook, '9.4'], [other, '0.01']);
      if (promql === write.query) return vector([{}, '0.2']);
      if (promql === write.histogram?.buckets) return vector([{ le: '0.4' }, '10'], [{ le: '+Inf' }, '10']);
      if (promql === write.histogram?.mean) return vector([{}, '0.1']);
      return vector();
    };
    const { s } = source(answer);
    const set = await s.collect('prod', NOW);
    expect(set.signals.admission_webhook_p99_seconds?.samples).toEqual([
      { labels: hook, value: 2.5, saturated: { mean: 9.4, shareAbove: 1 } },
      { labels: other, value: 0.02 },
    ]);
    expect(set.signals.write_p99_seconds?.samples).toEqual([{ labels: {}, value: 0.2 }]);
  });

  it('keeps a quantile as answered when its histogram companions fail, and says so in the log', async () => {
    const queries = buildQueries({ jobs: DEFAULT_JOBS, clusterLabel: null, cluster: 'prod', window: '5m' });
    const webhook = queries.find((q) => q.name === 'admission_webhook_p99_seconds');
    const { s, log } = source((call) => {
      const promql = call.params.get('query') ?? '';
      if (promql === webhook?.query) return vector([{ name: 'a', type: 'validating' }, '2.5']);
      if (promql === webhook?.histogram?.buckets)
        return json({ status: 'error', errorType: 'bad_data', error: 'x' });
      return vector();
    });
    const set = await s.collect('prod', NOW);
    expect(set.signals.admission_webhook_p99_seconds?.samples).toEqual([
      { labels: { name: 'a', type: 'validating' }, value: 2.5 },
    ]);
    expect(log.lines).toContain('warn histogram companions of a quantile unavailable');
  });

  it('keeps the other signals when one query fails', async () => {
    const { s } = source((call) =>
      signalOf(call) === 'etcd_db_size_bytes'
        ? json({ status: 'error', errorType: 'bad_data', error: 'parse error at char 12' }, 400)
        : healthy(call),
    );
    const set = await s.collect('prod', NOW);
    expect(set.signals.etcd_db_size_bytes?.error).toBe(
      `Prometheus ${PROM}: bad_data: parse error at char 12`,
    );
    expect(set.signals.etcd_quota_bytes?.error).toBeNull();
  });

  it('queries each cluster on its own Prometheus, or the shared one with the cluster label injected', async () => {
    const { s, calls } = source(() => vector(), {
      urls: { a: 'http://prom-a:9090' },
      sharedUrl: 'http://shared:9090',
      clusterLabel: 'cluster',
    });
    await s.collect('a', NOW);
    expect(new Set(calls.map((c) => c.url))).toEqual(new Set(['http://prom-a:9090/api/v1/query']));
    expect(calls.every((c) => !c.params.get('query')?.includes('cluster='))).toBe(true);

    calls.length = 0;
    await s.collect('b', NOW);
    expect(new Set(calls.map((c) => c.url))).toEqual(new Set(['http://shared:9090/api/v1/query']));
    expect(calls.every((c) => c.params.get('query')?.includes('cluster="b"'))).toBe(true);
    expect(s.urlFor('a')).toBe('http://prom-a:9090');
  });

  it('collects nothing for a cluster without Prometheus', async () => {
    const { s, calls } = source(healthy, { urls: { a: 'http://a' }, sharedUrl: null });
    expect(await s.collect('b', NOW)).toEqual({
      cluster: 'b',
      signals: {},
      observable: { etcd: true, scheduler: true, controllers: true },
    });
    expect(calls).toHaveLength(0);
    expect(s.urlFor('b')).toBeNull();
  });

  it('uses configured overrides', async () => {
    const { s, calls } = source(() => vector([{}, '1']), { queries: { etcd_has_leader: 'vector(1)' } });
    await s.collect('prod', NOW);
    expect(calls.map((c) => c.params.get('query'))).toContain('vector(1)');
  });

  it('keeps at most `concurrency` queries in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = fakeFetch(() => new Response('unused'));
    const s = new PrometheusSource({
      config: config({ concurrency: 3 }),
      logger: logger(),
      fetch: async (url, init) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        await fake.fetch(url, init);
        return vector();
      },
    });
    await s.collect('prod', NOW);
    expect(peak).toBe(3);
  });

  it('logs an outage once and its recovery once', async () => {
    let down = true;
    const { s, log } = source(() => (down ? refused() : vector([{}, '1'])), { retries: 0 });
    await s.collect('prod', NOW);
    await s.collect('prod', NOW);
    expect(log.lines).toEqual(['warn prometheus signals unavailable']);
    down = false;
    await s.collect('prod', NOW);
    await s.collect('prod', NOW);
    expect(log.lines).toEqual(['warn prometheus signals unavailable', 'info prometheus signals recovered']);
  });
});

describe('PrometheusSource.series', () => {
  const matrix = (values: Array<[number, string]>) =>
    json({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: { scope: 'resource', job: 'apiserver' }, values }] },
    });

  it.each([
    { rangeSeconds: 600, step: 15, expected: 15 },
    { rangeSeconds: 3_600, step: 1, expected: 13 },
    { rangeSeconds: 86_400, step: 60, expected: 289 },
    { rangeSeconds: 60, step: 0, expected: 1 },
  ])('coarsens a $rangeSeconds s range at step $step to $expected s (≤ 300 points)', async (c) => {
    const { s, calls } = source(() => matrix([]));
    const result = await s.series('prod', 'read_p99_seconds', {
      start: NOW - c.rangeSeconds * 1000,
      end: NOW,
      stepSeconds: c.step,
    });
    expect(result.stepSeconds).toBe(c.expected);
    expect(calls[0]?.params.get('step')).toBe(String(c.expected));
    expect(Math.floor(c.rangeSeconds / result.stepSeconds) + 1).toBeLessThanOrEqual(300);
  });

  it('returns lines with kept labels, NaN as gaps', async () => {
    const { s, calls } = source(() =>
      matrix([
        [1000, '0.1'],
        [1015, 'NaN'],
        [1030, '0.2'],
      ]),
    );
    const result = await s.series('prod', 'read_p99_seconds', {
      start: 1_000_000,
      end: 1_030_000,
      stepSeconds: 15,
    });
    expect(calls[0]?.url).toBe(`${PROM}/api/v1/query_range`);
    expect(result).toEqual({
      name: 'read_p99_seconds',
      lines: [
        {
          labels: { scope: 'resource' },
          points: [
            { t: 1_000_000, v: 0.1 },
            { t: 1_030_000, v: 0.2 },
          ],
        },
      ],
      stepSeconds: 15,
      window: '5m',
      source: `prometheus ${PROM}`,
      error: null,
    });
  });

  it.each([
    {
      case: 'an infinite point',
      answer: (): FakeAnswer => matrix([[1000, '+Inf']]),
      signal: 'read_p99_seconds' as SignalName,
      error: `Prometheus ${PROM}: read_p99_seconds is +Inf for {"scope":"resource"}`,
    },
    {
      case: 'Prometheus down',
      answer: (): FakeAnswer => refused(),
      signal: 'read_p99_seconds' as SignalName,
      error: `Prometheus ${PROM}: network error: connect ECONNREFUSED 127.0.0.1:9090`,
    },
    {
      case: 'a probe signal',
      answer: (): FakeAnswer => matrix([]),
      signal: 'probe_list_seconds' as SignalName,
      error: 'probe_list_seconds is not provided by Prometheus',
    },
  ])('reports $case as an error, without throwing', async ({ answer, signal, error }) => {
    const { s } = source(answer, { retries: 0 });
    const result = await s.series('prod', signal, { start: NOW - 60_000, end: NOW, stepSeconds: 15 });
    expect(result).toMatchObject({ lines: [], error });
  });
});

describe('toSamples', () => {
  const query = { name: 'etcd_wal_fsync_p99_seconds' as const, labels: ['instance'] };
  it.each([
    { value: 1.5, expected: { samples: [{ labels: { instance: 'i' }, value: 1.5 }], error: null } },
    { value: Number.NaN, expected: { samples: [], error: null } },
    {
      value: Number.NEGATIVE_INFINITY,
      expected: {
        samples: [],
        error: 'Prometheus u: etcd_wal_fsync_p99_seconds is -Inf for {"instance":"i"}',
      },
    },
  ])('$value', ({ value, expected }) => {
    expect(
      toSamples('u', query, [{ metric: { instance: 'i', job: 'etcd' }, value, timestampMs: 0 }]),
    ).toEqual(expected);
  });
});

describe('mapBounded', () => {
  it('keeps order', async () => {
    expect(await mapBounded([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
  });
  it('handles no items', async () => {
    expect(await mapBounded([], 4, async (n: number) => n)).toEqual([]);
  });
});
