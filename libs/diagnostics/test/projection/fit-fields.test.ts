import { describe, expect, it } from 'vitest';
import { milliQuantity, projectNode, projectPod, wholeQuantity } from '../../src/index.ts';

function ok<T>(result: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`projection failed: ${result.error}`);
  return result.record;
}

// Kubernetes quantities as the fit check reads them: cpu in millicores (rounded up, as MilliValue),
// everything else in whole units (rounded up, as Value); anything else is unknown (null), never 0.
describe('quantities', () => {
  it.each([
    { text: '100m', milli: 100, whole: 1 },
    { text: '1', milli: 1000, whole: 1 },
    { text: '1.5', milli: 1500, whole: 2 },
    { text: '0.1k', milli: 100_000, whole: 100 },
    { text: '2k', milli: 2_000_000, whole: 2000 },
    { text: '1e3', milli: 1_000_000, whole: 1000 },
    { text: '1E3', milli: 1_000_000, whole: 1000 },
    { text: '1E', milli: 1e21, whole: 1e18 },
    { text: '1Ki', milli: 1_024_000, whole: 1024 },
    { text: '1.5Gi', milli: 1.5 * 2 ** 30 * 1000, whole: 1.5 * 2 ** 30 },
    { text: '64Mi', milli: 64 * 2 ** 20 * 1000, whole: 64 * 2 ** 20 },
    { text: '2034532396Ki', milli: 2_034_532_396 * 1024 * 1000, whole: 2_034_532_396 * 1024 },
    { text: '1M', milli: 1e9, whole: 1e6 },
    { text: '0.5m', milli: 1, whole: 1 },
    { text: '1n', milli: 1, whole: 1 },
    { text: '.5', milli: 500, whole: 1 },
    { text: '0', milli: 0, whole: 0 },
    { text: 2, milli: 2000, whole: 2 },
    { text: '-1', milli: null, whole: null },
    { text: '', milli: null, whole: null },
    { text: 'lots', milli: null, whole: null },
    { text: '1Qi', milli: null, whole: null },
    { text: '1 Gi', milli: null, whole: null },
    { text: '1ki', milli: null, whole: null },
    { text: null, milli: null, whole: null },
    { text: {}, milli: null, whole: null },
    { text: Number.NaN, milli: null, whole: null },
  ])('$text', ({ text, milli, whole }) => {
    expect(milliQuantity(text)).toBe(milli);
    expect(wholeQuantity(text)).toBe(whole);
  });
});

function rawPod(spec: Record<string, unknown>, nodeName = ''): Record<string, unknown> {
  return { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { nodeName, ...spec } };
}

describe('projectPod: effective cpu and memory requests', () => {
  it.each([
    {
      name: 'app containers summed',
      spec: {
        containers: [
          { name: 'a', resources: { requests: { cpu: '500m', memory: '1Gi' } } },
          { name: 'b', resources: { requests: { cpu: '250m', memory: '512Mi' } } },
        ],
      },
      cpu: 750,
      memory: 1.5 * 2 ** 30,
    },
    {
      name: 'an init container larger than the app sum wins',
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }],
        initContainers: [{ name: 'i', resources: { requests: { cpu: '3', memory: '2Gi' } } }],
      },
      cpu: 3000,
      memory: 2 * 2 ** 30,
    },
    {
      name: 'a sidecar adds to the app sum',
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }],
        initContainers: [{ name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } }],
      },
      cpu: 1200,
      memory: 0,
    },
    {
      name: 'limits stand in for absent requests',
      spec: { containers: [{ name: 'a', resources: { limits: { cpu: '2', memory: '4Gi' } } }] },
      cpu: 2000,
      memory: 4 * 2 ** 30,
    },
    {
      name: 'pod overhead is added',
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
        overhead: { cpu: '250m', memory: '120Mi' },
      },
      cpu: 1250,
      memory: 2 ** 30 + 120 * 2 ** 20,
    },
    { name: 'no requests: 0, a real zero', spec: { containers: [{ name: 'a' }] }, cpu: 0, memory: 0 },
    {
      name: 'a request that is not a quantity: unknown, not 0',
      spec: { containers: [{ name: 'a', resources: { requests: { cpu: 'lots', memory: '1Gi' } } }] },
      cpu: null,
      memory: 2 ** 30,
    },
  ])('$name', ({ spec, cpu, memory }) => {
    const record = ok(projectPod(rawPod(spec)));
    expect(record.cpuRequest).toBe(cpu);
    expect(record.memoryRequest).toBe(memory);
  });

  it('keeps bound pods to numbers: no placement, no other requests', () => {
    const record = ok(
      projectPod(
        rawPod(
          {
            containers: [{ name: 'a', resources: { requests: { cpu: '1', 'example.com/fpga': '1' } } }],
            runtimeClassName: 'nvidia',
          },
          'node-1',
        ),
      ),
    );
    expect(record.placement).toBeUndefined();
    expect(record.cpuRequest).toBe(1000);
  });

  it('keeps what the fit check needs of a pending pod', () => {
    const record = ok(
      projectPod(
        rawPod({
          containers: [
            {
              name: 'a',
              resources: { requests: { cpu: '1', 'example.com/fpga': '1', 'hugepages-2Mi': '64Mi' } },
            },
          ],
          runtimeClassName: 'nvidia',
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchLabels: { app: 'cache' } },
                  topologyKey: 'topology.kubernetes.io/zone',
                },
              ],
            },
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
                  namespaces: ['web', 'edge'],
                  topologyKey: 'kubernetes.io/hostname',
                },
                { labelSelector: {}, namespaceSelector: {}, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'web' } },
              minDomains: 3,
            },
            { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
          ],
        }),
      ),
    );
    expect(record.placement).toMatchObject({
      runtimeClassName: 'nvidia',
      otherRequests: { 'example.com/fpga': 1, 'hugepages-2Mi': 64 * 2 ** 20 },
      podAffinity: [
        {
          selector: { matchLabels: { app: 'cache' }, matchExpressions: [] },
          namespaces: [],
          topologyKey: 'topology.kubernetes.io/zone',
        },
      ],
      podAntiAffinity: [
        {
          selector: { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
          namespaces: ['web', 'edge'],
          topologyKey: 'kubernetes.io/hostname',
        },
        { namespaceSelector: true, topologyKey: 'kubernetes.io/hostname' },
      ],
      // ScheduleAnyway never blocks: not kept.
      topologySpread: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          selector: { matchLabels: { app: 'web' }, matchExpressions: [] },
          minDomains: 3,
        },
      ],
    });
  });

  it.each([
    {
      name: 'a label selector operator that is not one',
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchExpressions: [{ key: 'app', operator: 'Near', values: [] }] },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        },
      },
      error:
        /podAntiAffinity\.requiredDuringSchedulingIgnoredDuringExecution\[0\]\.labelSelector\.matchExpressions\[0\]\.operator is not a label selector operator/,
    },
    {
      name: 'a term without topologyKey',
      spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{}] } } },
      error: /topologyKey missing/,
    },
    {
      name: 'maxSkew that is not an integer',
      spec: { topologySpreadConstraints: [{ maxSkew: 'one', topologyKey: 'zone' }] },
      error: /topologySpreadConstraints\[0\]\.maxSkew is not an integer/,
    },
  ])('garbage is a clear projection error: $name', ({ spec, error }) => {
    const result = projectPod(rawPod(spec));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('projectNode: allocatable cpu, memory and pods', () => {
  const raw = (allocatable: unknown) => ({
    metadata: { name: 'n', uid: 'u' },
    status: { allocatable },
  });
  it.each([
    {
      name: 'as a kubelet writes them',
      allocatable: { cpu: '3930m', memory: '15214776Ki', pods: '110', 'hugepages-2Mi': '0' },
      expected: { cpuAllocatable: 3930, memoryAllocatable: 15_214_776 * 1024, podsAllocatable: 110 },
    },
    {
      name: 'garbage: unknown, never 0',
      allocatable: { cpu: 'four', memory: '-1Gi', pods: true },
      expected: { cpuAllocatable: null, memoryAllocatable: null, podsAllocatable: null },
    },
    {
      name: 'absent allocatable',
      allocatable: undefined,
      expected: { cpuAllocatable: null, memoryAllocatable: null, podsAllocatable: null },
    },
  ])('$name', ({ allocatable, expected }) => {
    const record = ok(projectNode(raw(allocatable)));
    expect(record).toMatchObject(expected);
    expect(record.extendedAllocatable).toBeUndefined();
  });
});
