import { describe, expect, it } from 'vitest';
import { PrometheusDcgmSource } from '../../src/sources/dcgm/prometheus-dcgm.source.ts';
import {
  DEFAULT_PROMETHEUS_CONFIG,
  type PrometheusConfig,
} from '../../src/sources/prometheus/prometheus-config.ts';
import { fakeFetch, json, refused, vector } from './fake-prometheus.ts';

const T = 1_700_000_000_000;
const config = (over: Partial<PrometheusConfig> = {}): PrometheusConfig => ({
  ...DEFAULT_PROMETHEUS_CONFIG,
  urls: null,
  sharedUrl: 'http://prom:9090',
  clusterLabel: 'cluster',
  retries: 0,
  ...over,
});
const gpu = { gpu: '0', UUID: 'GPU-a', Hostname: 'n1' };

describe('PrometheusDcgmSource', () => {
  it('one instant query for every counter with the cluster matcher; the XID window only when an XID changed', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      const q = call.params.get('query') ?? '';
      if (q.startsWith('changes(')) return vector();
      return vector([{ __name__: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', ...gpu, cluster: 'prod "eu"' }, '0.5']);
    });
    const source = new PrometheusDcgmSource({ config: config(), fetch });
    const reading = await source.read('prod "eu"', T);
    expect(calls.map((c) => c.params.get('query'))).toEqual([
      '{__name__=~"DCGM_FI_PROF_GR_ENGINE_ACTIVE|DCGM_FI_DEV_GPU_UTIL|DCGM_FI_DEV_FB_USED|DCGM_FI_DEV_FB_FREE|DCGM_FI_DEV_POWER_USAGE|DCGM_FI_DEV_GPU_TEMP|DCGM_FI_DEV_XID_ERRORS|DCGM_FI_DEV_ROW_REMAP_FAILURE",cluster="prod \\"eu\\""}',
      'changes(DCGM_FI_DEV_XID_ERRORS{cluster="prod \\"eu\\""}[3600s]) > 0',
    ]);
    expect(reading?.samples).toEqual([
      {
        metric: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        labels: expect.objectContaining(gpu),
        value: 0.5,
        timestampMs: 1_700_000_000_500,
      },
    ]);
    expect(reading).toMatchObject({ xidHistory: [], sourceLabels: ['cluster'] });
  });

  it('reads the XID gauge over the window when it changed', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      const q = call.params.get('query') ?? '';
      if (call.url.endsWith('/api/v1/query_range')) {
        return json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { __name__: 'DCGM_FI_DEV_XID_ERRORS', ...gpu },
                values: [
                  [1699999990, '0'],
                  [1700000000, '79'],
                ],
              },
            ],
          },
        });
      }
      if (q.startsWith('changes(')) return vector([gpu, '1']);
      return vector([{ __name__: 'DCGM_FI_DEV_XID_ERRORS', ...gpu }, '79']);
    });
    const source = new PrometheusDcgmSource({
      config: config({ clusterLabel: null }),
      fetch,
      xidWindowMs: 600_000,
    });
    const reading = await source.read('c', T);
    expect(calls.map((c) => c.params.get('query'))).toEqual([
      expect.stringMatching(/^\{__name__=~"[^"]+"\}$/),
      'changes(DCGM_FI_DEV_XID_ERRORS[600s]) > 0',
      'DCGM_FI_DEV_XID_ERRORS',
    ]);
    expect(reading?.xidHistory?.[0]?.points).toEqual([
      { t: 1_699_999_990_000, v: 0 },
      { t: 1_700_000_000_000, v: 79 },
    ]);
  });

  it('no Prometheus for the cluster: null (unknown); unreachable or too many series: an error', async () => {
    const none = new PrometheusDcgmSource({
      config: config({ sharedUrl: null }),
      fetch: fakeFetch(() => vector()).fetch,
    });
    expect(await none.read('c', T)).toBeNull();
    const down = new PrometheusDcgmSource({ config: config(), fetch: fakeFetch(() => refused()).fetch });
    await expect(down.read('c', T)).rejects.toThrow(/ECONNREFUSED|fetch failed/);
    const many = new PrometheusDcgmSource({
      config: config(),
      maxSeries: 1,
      fetch: fakeFetch(() =>
        vector(
          [{ __name__: 'DCGM_FI_DEV_GPU_TEMP', ...gpu }, '1'],
          [{ __name__: 'DCGM_FI_DEV_GPU_TEMP', ...gpu, gpu: '1' }, '1'],
        ),
      ).fetch,
    });
    await expect(many.read('c', T)).rejects.toThrow(/2 DCGM series for c \(limit 1\)/);
  });
});
