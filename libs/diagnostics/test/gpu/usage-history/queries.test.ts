import { describe, expect, it } from 'vitest';
import {
  allocationCoverageQuery,
  allocationQuery,
  type HistoryQueryContext,
  historyRange,
  ksmLabelName,
  namespaceTeamsQuery,
  parseGpuPrices,
  priceForSku,
  usageCoverageQuery,
  usageQuery,
} from '../../../src/gpu/usage-history/index.ts';

const single: HistoryQueryContext = {
  clusterLabel: null,
  cluster: 'a',
  busyThreshold: 0.05,
  teamLabel: 'team',
};
const shared: HistoryQueryContext = { ...single, clusterLabel: 'cluster', cluster: 'prod "eu"' };

describe('history queries', () => {
  it.each([
    {
      name: 'kube-state-metrics per node, one cluster',
      query: allocationQuery('KUBE_STATE_METRICS', 'node', single),
      text: 'sum by (node) (sum by (namespace, pod) (kube_pod_container_resource_requests{resource="nvidia_com_gpu"}) * on (namespace, pod) group_left (node) (max by (namespace, pod, node) (kube_pod_info{node!=""}) * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running"} == 1)))',
      labels: { node: 'node' },
    },
    {
      name: 'kube-state-metrics per node and namespace, shared Prometheus (cluster matcher escaped)',
      query: allocationQuery('KUBE_STATE_METRICS', 'namespace', shared),
      text: 'sum by (node, namespace) (sum by (namespace, pod) (kube_pod_container_resource_requests{cluster="prod \\"eu\\"", resource="nvidia_com_gpu"}) * on (namespace, pod) group_left (node) (max by (namespace, pod, node) (kube_pod_info{cluster="prod \\"eu\\"", node!=""}) * on (namespace, pod) group_left () max by (namespace, pod) (kube_pod_status_phase{cluster="prod \\"eu\\"", phase=~"Pending|Running"} == 1)))',
      labels: { node: 'node', namespace: 'namespace' },
    },
    {
      name: "Fleetscope's gauge per pool",
      query: allocationQuery('FLEETSCOPE', 'node', single),
      text: 'sum by (pool) (fleetscope_gpu_allocated{cluster="a"})',
      labels: { pool: 'pool' },
    },
    {
      name: "Fleetscope's gauge per pool, namespace and team",
      query: allocationQuery('FLEETSCOPE', 'namespace', shared),
      text: 'sum by (pool, namespace, team) (fleetscope_gpu_allocated{cluster="prod \\"eu\\""})',
      labels: { pool: 'pool', namespace: 'namespace', team: 'team' },
    },
    {
      name: "Fleetscope's gauge on a Prometheus telling clusters apart by another label: both",
      query: allocationQuery('FLEETSCOPE', 'node', { ...single, clusterLabel: 'k8s_cluster' }),
      text: 'sum by (pool) (fleetscope_gpu_allocated{k8s_cluster="a", cluster="a"})',
      labels: { pool: 'pool' },
    },
  ])('allocation: $name', ({ query, text, labels }) => {
    expect(query.promql).toBe(text);
    expect(query.labels).toEqual(labels);
  });

  it('use: profiling counter else utilization / 100, over the threshold, every label variant folded, one count per device', () => {
    const q = usageQuery('namespace', { ...single, busyThreshold: 0.1 });
    expect(q.labels).toEqual({ node: 'fs_node', namespace: 'fs_namespace' });
    expect(q.promql).toContain(
      '((DCGM_FI_PROF_GR_ENGINE_ACTIVE{GPU_I_ID=""} or (DCGM_FI_DEV_GPU_UTIL{GPU_I_ID=""} / 100)) >= 0.1)',
    );
    // The preferred variant is applied last (label_replace writes only when its source is non-empty).
    const order = [
      '"Hostname"',
      '"hostname"',
      '"gpu"',
      '"uuid"',
      '"UUID"',
      '"namespace"',
      '"pod_namespace"',
      '"exported_namespace"',
    ];
    const positions = order.map((label) => q.promql.indexOf(`"$1", ${label}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    // The innermost label_replace is applied first and is also the first source named in the text.
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(
      q.promql.startsWith(
        'count by (fs_node, fs_namespace) (max by (fs_node, fs_device, GPU_I_ID, fs_namespace) (',
      ),
    ).toBe(true);
    expect(
      usageQuery('node', single).promql.startsWith(
        'count by (fs_node) (max by (fs_node, fs_device, GPU_I_ID) (',
      ),
    ).toBe(true);
  });

  it.each([
    {
      ctx: single,
      ksm: 'count(kube_pod_info{})',
      fs: 'count(fleetscope_gpu_allocated{cluster="a"})',
      dcgm: '{__name__=~"DCGM_FI_PROF_GR_ENGINE_ACTIVE|DCGM_FI_DEV_GPU_UTIL", GPU_I_ID=""}',
    },
    {
      ctx: shared,
      ksm: 'count(kube_pod_info{cluster="prod \\"eu\\""})',
      fs: 'count(fleetscope_gpu_allocated{cluster="prod \\"eu\\""})',
      dcgm: '{__name__=~"DCGM_FI_PROF_GR_ENGINE_ACTIVE|DCGM_FI_DEV_GPU_UTIL", cluster="prod \\"eu\\"", GPU_I_ID=""}',
    },
  ])('coverage queries ($ctx.cluster)', ({ ctx, ksm, fs, dcgm }) => {
    expect(allocationCoverageQuery('KUBE_STATE_METRICS', ctx)).toBe(ksm);
    expect(allocationCoverageQuery('FLEETSCOPE', ctx)).toBe(fs);
    const coverage = usageCoverageQuery(ctx);
    expect(coverage.startsWith(`count by (fs_node, __name__) (label_replace(`)).toBe(true);
    expect(coverage).toContain(dcgm);
  });

  it.each([
    ['team', 'label_team'],
    ['example.com/team', 'label_example_com_team'],
    ['cost-center', 'label_cost_center'],
  ])('team label %s reads as %s on kube_namespace_labels', (label, ksm) => {
    expect(ksmLabelName(label)).toBe(ksm);
    const q = namespaceTeamsQuery({ ...single, teamLabel: label });
    expect(q.promql).toBe(`max by (namespace, ${ksm}) (kube_namespace_labels{${ksm}!=""})`);
    expect(q.labels).toEqual({ namespace: 'namespace', team: ksm });
  });
});

describe('historyRange', () => {
  const H = 3_600_000;
  const t0 = Date.UTC(2026, 0, 5, 0, 0, 0);
  it.each([
    { name: 'one hour → 1 min steps', from: t0, to: t0 + H, step: 60, points: 60 },
    { name: 'one day → 5 min steps', from: t0, to: t0 + 24 * H, step: 300, points: 288 },
    { name: 'one week → 30 min steps', from: t0, to: t0 + 168 * H, step: 1800, points: 336 },
    { name: 'two weeks → 1 h steps', from: t0, to: t0 + 336 * H, step: 3600, points: 336 },
    { name: '90 days → 6 h steps', from: t0, to: t0 + 90 * 24 * H, step: 21_600, points: 360 },
    {
      name: 'unaligned ends are floored to the step',
      from: t0 + 30_500,
      to: t0 + H + 59_000,
      step: 60,
      points: 60,
    },
  ])('$name', ({ from, to, step, points }) => {
    const result = historyRange(from, to);
    if (!result.ok) throw new Error(result.problem);
    expect(result.range.stepSeconds).toBe(step);
    expect(result.range.points).toBe(points);
    expect(result.range.points).toBeLessThanOrEqual(500);
    expect(result.range.startMs % (step * 1000)).toBe(0);
  });

  it.each([
    { from: t0, to: t0, problem: 'to must be after from' },
    { from: t0 + H, to: t0, problem: 'to must be after from' },
    { from: t0, to: t0 + 60_000, problem: 'the range must cover at least 10 minutes' },
    { from: t0, to: t0 + 91 * 24 * H, problem: 'the range may cover at most 90 days' },
    { from: Number.NaN, to: t0, problem: 'from and to must be times' },
  ])('refuses $problem', ({ from, to, problem }) => {
    expect(historyRange(from, to)).toEqual({ ok: false, problem });
  });
});

describe('GPU prices', () => {
  it.each([
    {
      raw: 'h100=2.5,a100=1.2',
      prices: [
        { key: 'h100', perGpuHour: 2.5 },
        { key: 'a100', perGpuHour: 1.2 },
      ],
      problems: [],
    },
    { raw: ' H100 = 3 , ', prices: [{ key: 'h100', perGpuHour: 3 }], problems: [] },
    {
      raw: 'h100',
      prices: [],
      problems: ['--gpu-price: "h100" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)'],
    },
    {
      raw: 'h100=-1,l4=abc,a100=0x1',
      prices: [],
      problems: [
        '--gpu-price: "h100=-1" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)',
        '--gpu-price: "l4=abc" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)',
        '--gpu-price: "a100=0x1" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)',
      ],
    },
    {
      raw: 'h100=1,h100=2',
      prices: [{ key: 'h100', perGpuHour: 1 }],
      problems: ['--gpu-price: "h100" is priced twice'],
    },
  ])('parses "$raw"', ({ raw, prices, problems }) => {
    expect(parseGpuPrices(raw)).toEqual({ prices, problems });
  });

  const prices = parseGpuPrices('h100=2.5,a100=1.2,nvidia-l4=0.7,80gb=9').prices;
  it.each([
    ['NVIDIA-H100-80GB-HBM3', null], // h100 and 80gb disagree: no guess
    ['NVIDIA-A100-SXM4-40GB-MIG-1g.5gb', 1.2],
    ['NVIDIA-L4', 0.7], // the whole product name
    ['NVIDIA-L4-SHARED', null],
    ['Tesla-T4', null],
    ['', null],
  ])('%s costs %s per GPU-hour', (sku, price) => {
    expect(priceForSku(sku, prices)).toBe(price);
  });
  it('a word match applies when it is the only one', () => {
    expect(priceForSku('NVIDIA-H100-80GB-HBM3', parseGpuPrices('h100=2.5').prices)).toBe(2.5);
  });
});
