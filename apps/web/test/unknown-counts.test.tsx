import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClusterCounts } from '../src/components/cluster-counts.tsx';
import { GpuTotals } from '../src/components/gpu-bar.tsx';
import { fleetFixture } from '../src/fixtures/fleet-fixture.ts';
import { fleetOfQuery } from '../src/graphql/use-fleet.ts';

const NOW = Date.UTC(2026, 10, 27, 12);
const workloads = { deployments: 0, deploymentsAvailable: 0, services: 0, servicesWithoutEndpoints: 0 };

describe('counts of a cluster never listed', () => {
  it('arrive as null (unknown), not as 0, and the schema types them so', () => {
    const fleet = JSON.parse(JSON.stringify({ fleet: fleetFixture(NOW) })) as {
      fleet: { clusters: Array<Record<string, unknown>> };
    };
    const first = fleet.fleet.clusters[0];
    if (first === undefined) throw new Error('fixture has clusters');
    Object.assign(first, { nodes: null, pods: null, gpus: null });
    const read = fleetOfQuery(fleet).clusters[0];
    expect(read?.nodes).toBeNull();
    expect(read?.pods).toBeNull();
    expect(read?.gpus).toBeNull();
    // An answer without the fleet is refused, not read as an empty (green) fleet.
    expect(() => fleetOfQuery({ fleet: null })).toThrow('fleet: expected an object, got null');
  });

  it('show "—" for nodes, pods and GPUs, and no 0', () => {
    render(
      <>
        <ClusterCounts nodes={null} pods={null} workloads={workloads} />
        <GpuTotals gpus={null} stale={true} testId="gpu-totals" />
      </>,
    );
    const value = (label: string) => screen.getByText(label).nextElementSibling?.textContent;
    expect(value('Nodes ready')).toBe('—');
    expect(value('Pods running')).toBe('—');
    expect(screen.getByTestId('gpu-totals').textContent).toBe('GPUs allocated—');
    expect(screen.getByTestId('gpu-totals').getAttribute('data-unknown')).toBe('true');
    expect(screen.getByTestId('gpu-totals').hasAttribute('data-allocatable')).toBe(false);
  });

  it('still show known zeros as 0', () => {
    render(
      <GpuTotals
        gpus={{ allocatable: 0, allocated: 0, pending: 0, unusable: 0, byResource: [] }}
        stale={false}
        testId="g0"
      />,
    );
    expect(screen.getByTestId('g0').textContent).toContain('0 / 0');
  });
});
