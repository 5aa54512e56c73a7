import { attachDcgm, expectedGpuDevices, GPU_LAB_DCGM, GPU_USAGE_XID_AFTER_MS } from '@fleetscope/fleet-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Harness, startHarness } from '../support/harness.ts';

const USAGE = `{
  fleet {
    gpu {
      usageKnown usageSource
      byResource { resource allocated activelyUsed idleAllocated usageUnknown }
      idleAllocated { cluster node gpu migInstance pods podSource }
      unhealthy { cluster node gpu reasons lastXid xidChangedAt }
    }
    clusters {
      name
      gpuUsage { usageKnown usageSource usageAsOf devices byResource { resource allocated activelyUsed idleAllocated } problems unknownLabels }
      gpuDevices(first: 2000) { node gpu migInstance engineActive engineSource pods podSource }
    }
  }
}`;

interface Usage {
  fleet: {
    gpu: {
      usageKnown: boolean;
      usageSource: string;
      byResource: Array<{
        resource: string;
        allocated: number;
        activelyUsed: number | null;
        idleAllocated: number | null;
      }>;
      idleAllocated: Array<{
        cluster: string;
        node: string;
        gpu: string;
        migInstance: string | null;
        pods: string[];
      }>;
      unhealthy: Array<{ cluster: string; node: string; gpu: string; reasons: string[]; lastXid: number }>;
    };
    clusters: Array<{
      name: string;
      gpuUsage: {
        usageKnown: boolean;
        usageSource: string;
        devices: number;
        byResource: Array<{
          resource: string;
          allocated: number;
          activelyUsed: number | null;
          idleAllocated: number | null;
        }>;
        problems: string[];
        unknownLabels: string[];
      };
      gpuDevices: Array<{ node: string; gpu: string; migInstance: string | null; pods: string[] }>;
    }>;
  };
}

/** Allocation against use per resource, from the simulator's per-device truth. */
function truthByResource(
  h: Harness,
  cluster: string,
): Record<string, { activelyUsed: number; idleAllocated: number }> {
  const out: Record<string, { activelyUsed: number; idleAllocated: number }> = {};
  for (const d of expectedGpuDevices(h.fleet.cluster(cluster))) {
    if (d.state !== 'BUSY' && d.state !== 'IDLE_ALLOCATED') continue;
    const resource = d.migProfile === null ? 'nvidia.com/gpu' : `nvidia.com/mig-${d.migProfile}`;
    const acc = out[resource] ?? { activelyUsed: 0, idleAllocated: 0 };
    if (d.state === 'BUSY') acc.activelyUsed++;
    else acc.idleAllocated++;
    out[resource] = acc;
  }
  return out;
}

describe('GPU usage over GraphQL (gpu-usage scenario, simulated dcgm-exporters)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(['--metrics-interval', '1'], {}, { scenario: 'gpu-usage', dcgm: true });
    // The XID happens when the test says, after the reader has seen the exporter's 0.
    attachDcgm(h.fleet.cluster('gpu-lab'), { ...GPU_LAB_DCGM, xid: [] }, Date.now());
  }, 60_000);
  afterAll(async () => h?.close());

  it('Cluster.gpuUsage and Fleet.gpu: allocated vs actively used vs idle-allocated as the truth says', async () => {
    await eventually(async () => {
      const { data, errors } = await h.gql<Usage>(USAGE);
      expect(errors).toBeUndefined();
      for (const cluster of data?.fleet.clusters ?? []) {
        expect(cluster.gpuUsage).toMatchObject({
          usageKnown: true,
          usageSource: 'DCGM',
          problems: [],
          unknownLabels: [],
        });
        const got = Object.fromEntries(
          cluster.gpuUsage.byResource
            .filter((r) => r.allocated > 0)
            .map((r) => [r.resource, { activelyUsed: r.activelyUsed, idleAllocated: r.idleAllocated }]),
        );
        expect({ cluster: cluster.name, usage: got }).toEqual({
          cluster: cluster.name,
          usage: truthByResource(h, cluster.name),
        });
        expect(cluster.gpuDevices.length).toBe(expectedGpuDevices(h.fleet.cluster(cluster.name)).length);
      }
      const idle = data?.fleet.gpu.idleAllocated ?? [];
      const wantIdle = h.fleet.clusters.flatMap((c) =>
        expectedGpuDevices(c)
          .filter((d) => d.state === 'IDLE_ALLOCATED')
          .map((d) => `${c.name}/${d.node}/${d.gpu}/${d.migInstance ?? ''} ${d.labelledPod}`),
      );
      expect(
        idle.map((d) => `${d.cluster}/${d.node}/${d.gpu}/${d.migInstance ?? ''} ${d.pods[0]}`).sort(),
      ).toEqual(wantIdle.sort());
      expect(data?.fleet.gpu).toMatchObject({ usageKnown: true, usageSource: 'DCGM', unhealthy: [] });
    }, 30_000);
  }, 60_000);

  it('an XID 79 shows in Fleet.gpu.unhealthy once it happens', async () => {
    attachDcgm(h.fleet.cluster('gpu-lab'), GPU_LAB_DCGM, Date.now() - GPU_USAGE_XID_AFTER_MS);
    const [truth] = expectedGpuDevices(h.fleet.cluster('gpu-lab')).filter((d) => d.state === 'XID');
    await eventually(async () => {
      const { data } = await h.gql<Usage>(USAGE);
      expect(
        data?.fleet.gpu.unhealthy.map((d) => ({
          cluster: d.cluster,
          node: d.node,
          gpu: d.gpu,
          reasons: d.reasons,
        })),
      ).toEqual([{ cluster: 'gpu-lab', node: truth?.node, gpu: truth?.gpu, reasons: ['XID 79'] }]);
    }, 30_000);
  }, 60_000);
});

describe('GPU usage unknown without a DCGM source', () => {
  it('allocation stands, every use figure is null (never 0)', async () => {
    const h = await startHarness([], {}, { scenario: 'gpu-usage' });
    try {
      await eventually(async () => {
        const { data, errors } = await h.gql<Usage>(USAGE);
        expect(errors).toBeUndefined();
        const lab = data?.fleet.clusters.find((c) => c.name === 'gpu-lab');
        expect(lab?.gpuUsage).toMatchObject({ usageKnown: false, usageSource: 'NONE', devices: 0 });
        const gpu = lab?.gpuUsage.byResource.find((r) => r.resource === 'nvidia.com/gpu');
        const truth = truthByResource(h, 'gpu-lab')['nvidia.com/gpu'];
        expect(gpu).toMatchObject({
          allocated: (truth?.activelyUsed ?? 0) + (truth?.idleAllocated ?? 0),
          activelyUsed: null,
          idleAllocated: null,
        });
        expect(lab?.gpuDevices).toEqual([]);
        expect(data?.fleet.gpu).toMatchObject({ usageKnown: false, usageSource: 'NONE' });
      }, 30_000);
    } finally {
      await h.close();
    }
  }, 60_000);
});
