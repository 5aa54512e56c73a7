import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * `gpuUsageHistory` where no Prometheus is configured (as in the demo): every cluster answers
 * NO_PROMETHEUS with null numbers and the fleet has no totals — never zeros. And it is I/O: counted
 * against the history-lookup limit.
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 60_000);
afterAll(async () => {
  await harness?.close();
});

const TO = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const FROM = new Date(TO.getTime() - 24 * 3_600_000);

describe('gpuUsageHistory without Prometheus', () => {
  it('is unavailable per cluster, with null numbers and no fleet totals', async () => {
    const answer = await harness.gql<{
      gpuUsageHistory: {
        stepSeconds: number;
        times: string[];
        priced: boolean;
        totals: unknown;
        series: unknown;
        clusters: Array<{
          cluster: string;
          unavailable: string;
          unavailableReason: string;
          allocationSource: string;
          totals: Record<string, number | null>;
          series: { allocated: Array<number | null> };
          groups: unknown[];
        }>;
      };
    }>(
      `query($from: DateTime!, $to: DateTime!) {
        gpuUsageHistory(from: $from, to: $to, groupBy: TEAM) {
          stepSeconds times priced totals { allocatedGpuHours } series { allocated }
          clusters { cluster unavailable unavailableReason allocationSource groups { key }
            totals { allocatedGpuHours usedGpuHours idleGpuHours idleCost allocationCoverage }
            series { allocated } }
        }
      }`,
      { from: FROM.toISOString(), to: TO.toISOString() },
    );
    expect(answer.errors).toBeUndefined();
    const history = answer.data?.gpuUsageHistory;
    expect(history?.stepSeconds).toBe(300);
    expect(history?.times).toHaveLength(288);
    expect(history?.priced).toBe(false);
    expect(history?.totals).toBeNull();
    expect(history?.series).toBeNull();
    expect(history?.clusters.map((c) => c.cluster)).toEqual(harness.fleet.clusters.map((c) => c.name).sort());
    for (const c of history?.clusters ?? []) {
      expect(c).toMatchObject({
        unavailable: 'NO_PROMETHEUS',
        unavailableReason: `GPU history needs Prometheus: no --prometheus-url serves cluster ${c.cluster}`,
        allocationSource: 'NONE',
        groups: [],
        totals: {
          allocatedGpuHours: null,
          usedGpuHours: null,
          idleGpuHours: null,
          idleCost: null,
          allocationCoverage: 0,
        },
      });
      expect(c.series.allocated.every((v) => v === null)).toBe(true);
      expect(c.series.allocated).toHaveLength(288);
    }
  });

  it('refuses maxGroups out of range, and more history lookups than the limit', async () => {
    const vars = { from: FROM.toISOString(), to: TO.toISOString() };
    const bad = await harness.gql(
      'query($from: DateTime!, $to: DateTime!) { gpuUsageHistory(from: $from, to: $to, maxGroups: 0) { stepSeconds } }',
      vars,
    );
    expect((bad.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code).toBe('BAD_USER_INPUT');
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `h${i}: gpuUsageHistory(from: $from, to: $to) { stepSeconds }`,
    ).join(' ');
    const expensive = await harness.gql(`query($from: DateTime!, $to: DateTime!) { ${aliases} }`, vars);
    expect((expensive.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code).toBe(
      'QUERY_TOO_EXPENSIVE',
    );
  });
});
