import { describe, expect, it } from 'vitest';
import {
  draInventory,
  projectResourceClaim,
  projectResourceSlice,
  type ResourceClaimRecord,
  type ResourceSliceRecord,
} from '../../src/index.ts';

const rawSlice = (
  node: string,
  devices: string[],
  generation = 1,
  count = 1,
  name = `${node}-gpu.nvidia.com`,
) => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceSlice',
  metadata: { name, uid: `uid-${name}` },
  spec: {
    driver: 'gpu.nvidia.com',
    nodeName: node,
    pool: { name: node, generation, resourceSliceCount: count },
    devices: devices.map((d) => ({ name: d, attributes: { productName: { string: 'NVIDIA H100' } } })),
  },
});
const rawClaim = (name: string, results: { pool: string; device: string }[]) => ({
  apiVersion: 'resource.k8s.io/v1',
  kind: 'ResourceClaim',
  metadata: { name, namespace: 'ml', uid: `uid-${name}` },
  spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
  status: {
    allocation: {
      devices: { results: results.map((r) => ({ request: 'gpu', driver: 'gpu.nvidia.com', ...r })) },
    },
  },
});
function ok<T>(r: { ok: true; record: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.record;
}
const slice = (...args: Parameters<typeof rawSlice>): ResourceSliceRecord =>
  ok(projectResourceSlice(rawSlice(...args)));
const claim = (...args: Parameters<typeof rawClaim>): ResourceClaimRecord =>
  ok(projectResourceClaim(rawClaim(...args)));

describe('DRA projections', () => {
  it('keep the pool, node and device names of a slice, and the devices a claim holds', () => {
    expect(slice('n1', ['gpu-0', 'gpu-1'])).toEqual({
      kind: 'ResourceSlice',
      uid: 'uid-n1-gpu.nvidia.com',
      name: 'n1-gpu.nvidia.com',
      resourceVersion: '',
      driver: 'gpu.nvidia.com',
      pool: { name: 'n1', generation: 1, resourceSliceCount: 1 },
      nodeName: 'n1',
      devices: ['gpu-0', 'gpu-1'],
    });
    expect(claim('a', [{ pool: 'n1', device: 'gpu-0' }]).allocated).toEqual([
      { driver: 'gpu.nvidia.com', pool: 'n1', device: 'gpu-0' },
    ]);
  });

  it.each([
    { raw: 'x', error: /expected an object/ },
    {
      raw: { kind: 'ResourceSlice', metadata: { name: 's', uid: 'u' }, spec: { pool: { name: 'p' } } },
      error: /spec.driver missing/,
    },
    {
      raw: {
        kind: 'ResourceClaim',
        metadata: { name: 'c', namespace: 'ml', uid: 'u' },
        status: { allocation: { devices: { results: [{}] } } },
      },
      error: /results\[0\].driver missing/,
    },
  ])('rejects $error', ({ raw, error }) => {
    const a = projectResourceSlice(raw);
    const b = projectResourceClaim(raw);
    expect([a, b].some((r) => !r.ok && error.test(r.error))).toBe(true);
  });
});

describe('draInventory: complete slices minus allocations', () => {
  it.each<{
    name: string;
    slices: ResourceSliceRecord[];
    claims: ResourceClaimRecord[];
    served: boolean | null;
    state: string;
    totals?: { devices: number; allocated: number; free: number };
    incomplete?: number;
  }>([
    { name: 'not served: NOT_APPLICABLE', slices: [], claims: [], served: false, state: 'NOT_APPLICABLE' },
    {
      name: 'offline with no slices: UNKNOWN, never 0',
      slices: [],
      claims: [],
      served: null,
      state: 'UNKNOWN',
    },
    {
      name: 'served, no slices: 0 devices',
      slices: [],
      claims: [],
      served: true,
      state: 'COUNTED',
      totals: { devices: 0, allocated: 0, free: 0 },
    },
    {
      name: 'two nodes, one device allocated',
      slices: [slice('n1', ['gpu-0', 'gpu-1']), slice('n2', ['gpu-0'])],
      claims: [claim('a', [{ pool: 'n1', device: 'gpu-1' }])],
      served: null,
      state: 'COUNTED',
      totals: { devices: 3, allocated: 1, free: 2 },
    },
    {
      name: 'only the highest generation counts',
      slices: [
        slice('n1', ['gpu-0', 'gpu-1', 'gpu-2'], 1, 1, 'old'),
        slice('n1', ['gpu-0', 'gpu-1'], 2, 1, 'new'),
      ],
      claims: [],
      served: true,
      state: 'COUNTED',
      totals: { devices: 2, allocated: 0, free: 2 },
    },
    {
      name: 'a pool with a slice missing is left out, not counted as less',
      slices: [slice('n1', ['gpu-0'], 1, 2, 'a'), slice('n2', ['gpu-0'])],
      claims: [claim('a', [{ pool: 'n1', device: 'gpu-0' }])],
      served: true,
      state: 'COUNTED',
      totals: { devices: 1, allocated: 0, free: 1 },
      incomplete: 1,
    },
  ])('$name', ({ slices, claims, served, state, totals, incomplete }) => {
    const inv = draInventory(slices, claims, served);
    expect(inv.state).toBe(state);
    if (totals) expect(inv.totals).toEqual(totals);
    if (incomplete !== undefined) {
      expect(inv.incomplete).toBe(incomplete);
      expect(inv.pools.find((p) => !p.complete)).toMatchObject({
        devices: null,
        free: null,
        slices: { listed: 1, expected: 2 },
      });
    }
  });

  it('names the free devices of each pool', () => {
    const inv = draInventory(
      [slice('n1', ['gpu-1', 'gpu-0'])],
      [claim('a', [{ pool: 'n1', device: 'gpu-0' }])],
      true,
    );
    expect(inv.pools).toEqual([
      expect.objectContaining({
        driver: 'gpu.nvidia.com',
        pool: 'n1',
        node: 'n1',
        devices: 2,
        allocated: 1,
        freeDevices: ['gpu-1'],
      }),
    ]);
  });
});
