import { describe, expect, it } from 'vitest';
import { clusterSeriesFixture, etcdSlowDiskClusterDetail } from '../src/fixtures/cluster-fixture.ts';
import { DecodeError } from '../src/graphql/decode.ts';
import {
  decodeClusterChangedData,
  decodeClusterSeriesData,
  decodeClusterViewData,
} from '../src/graphql/decode-cluster.ts';

const NOW = Date.UTC(2026, 10, 27, 12);

/** A JSON round trip: what actually arrives over the wire. */
function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The series query's payload shape for a fixture: one `clusterSeries` alias per part. */
function seriesPayload(name: string): unknown {
  const s = clusterSeriesFixture(NOW, name);
  const parts = ['read', 'write', 'admission', 'watch', 'etcd', 'scheduler', 'controllers'] as const;
  return wire(Object.fromEntries(parts.map((part) => [part, s === null ? null : s[part]])));
}

describe('decodeClusterViewData / decodeClusterChangedData', () => {
  it('accepts a well-formed payload unchanged', () => {
    const cluster = etcdSlowDiskClusterDetail(NOW);
    expect(decodeClusterViewData(wire({ cluster }))).toEqual({ cluster });
    expect(decodeClusterChangedData(wire({ clusterChanged: cluster }))).toEqual({ cluster });
  });

  it('reads a null cluster as "not watched"', () => {
    expect(decodeClusterViewData({ cluster: null })).toEqual({ cluster: null });
  });

  it('maps an unknown component status to UNKNOWN, never to a healthy colour', () => {
    const payload = wire({ cluster: etcdSlowDiskClusterDetail(NOW) });
    payload.cluster.controlPlane.etcd.status = 'MOSTLY_FINE' as 'HEALTHY';
    expect(decodeClusterViewData(payload).cluster?.controlPlane.etcd.status).toBe('UNKNOWN');
  });

  it('says where a payload is malformed', () => {
    const payload = wire({ cluster: etcdSlowDiskClusterDetail(NOW) }) as unknown as {
      cluster: { controlPlane: { impact: Record<string, unknown> } };
    };
    payload.cluster.controlPlane.impact.userPath = 'no';
    expect(() => decodeClusterViewData(payload)).toThrow(DecodeError);
    expect(() => decodeClusterViewData(payload)).toThrow(
      'cluster.controlPlane.impact.userPath: expected a boolean',
    );
  });
});

describe('decodeClusterSeriesData', () => {
  it('reads every part', () => {
    const decoded = decodeClusterSeriesData(seriesPayload('us-east-2'));
    expect(decoded.series).toEqual(clusterSeriesFixture(NOW, 'us-east-2'));
  });

  it('reads a null cluster as "not watched"', () => {
    expect(decodeClusterSeriesData(seriesPayload('nowhere'))).toEqual({ series: null });
  });

  it('keeps a series error and rejects a non-numeric point', () => {
    const decoded = decodeClusterSeriesData(seriesPayload('ap-south-1'));
    expect(decoded.series?.scheduler[0]?.error).toContain('target missing');
    const bad = seriesPayload('eu-west-1') as { etcd: Array<{ points: Array<{ v: unknown }> }> };
    const point = bad.etcd[0]?.points[0];
    if (point === undefined) throw new Error('fixture has points');
    point.v = 'NaN';
    expect(() => decodeClusterSeriesData(bad)).toThrow('etcd[0].points[0].v');
  });
});
