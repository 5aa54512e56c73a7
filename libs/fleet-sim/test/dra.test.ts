import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet } from '../src/fleet.ts';
import { GPU_POOLS_TRUTH } from '../src/scenarios/gpu-pools.ts';
import { type FleetServers, startFleetServers } from '../src/servers.ts';

// resource.k8s.io/v1 is served by the clusters whose scenario has a DRA pool, and only by them.
let dra: FleetServers;
let plain: FleetServers;
beforeAll(async () => {
  dra = await startFleetServers(
    createFleet({ size: 'small', scenario: 'gpu-pools', clock: new ManualClock() }),
  );
  plain = await startFleetServers(
    createFleet({ size: 'small', scenario: 'healthy', clock: new ManualClock() }),
  );
});
afterAll(async () => {
  await dra.close();
  await plain.close();
});

const get = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('DRA in the simulator', () => {
  it('a DRA cluster lists resource.k8s.io in discovery and serves its ResourceSlices and ResourceClaims', async () => {
    const url = dra.server(GPU_POOLS_TRUTH.cluster).url;
    const apis = await get(`${url}/apis`);
    expect((apis.body.groups as { name: string }[]).map((g) => g.name)).toContain('resource.k8s.io');
    const resources = await get(`${url}/apis/resource.k8s.io/v1`);
    expect((resources.body.resources as { name: string }[]).map((r) => r.name)).toEqual(
      expect.arrayContaining(['resourceslices', 'resourceclaims']),
    );
    const slices = await get(`${url}/apis/resource.k8s.io/v1/resourceslices`);
    expect(slices.body.kind).toBe('ResourceSliceList');
    const items = slices.body.items as {
      spec: { nodeName: string; pool: { name: string }; devices: unknown[] };
    }[];
    expect(items).toHaveLength(GPU_POOLS_TRUTH.dra.nodes);
    expect(items.reduce((n, s) => n + s.spec.devices.length, 0)).toBe(GPU_POOLS_TRUTH.dra.devices);
    for (const s of items) expect(s.spec.pool.name).toBe(s.spec.nodeName);
    const claims = await get(`${url}/apis/resource.k8s.io/v1/namespaces/ml/resourceclaims`);
    expect(claims.body.items as unknown[]).toHaveLength(GPU_POOLS_TRUTH.dra.allocated);
  });

  it('a cluster without DRA answers 404 and leaves the group out of discovery, as a real one does', async () => {
    const url = plain.server('prod-us-east').url;
    const apis = await get(`${url}/apis`);
    expect((apis.body.groups as { name: string }[]).map((g) => g.name)).not.toContain('resource.k8s.io');
    expect((await fetch(`${url}/apis/resource.k8s.io/v1/resourceslices`)).status).toBe(404);
    expect((await fetch(`${url}/apis/resource.k8s.io/v1`)).status).toBe(404);
  });
});
