import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { poolsFixture } from '../../fixtures/pools-fixture.ts';
import type { PoolsFleetFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import { freePerNodeText, percentText } from './pool-card.tsx';
import { PoolsView } from './pools-view.tsx';
import { tileFacts } from './pools-wall.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

/** The fixture with every cluster fresh (the fleet fixture has a stale one). */
function freshPools(now: number): PoolsFleetFragment {
  const data = poolsFixture(now);
  data.clusters = data.clusters.map((c) => ({
    ...c,
    stale: false,
    dataAsOf: new Date(now - 2_000).toISOString(),
  }));
  return data;
}

function live(
  data: PoolsFleetFragment | null,
  extra: Partial<LiveResult<PoolsFleetFragment>> = {},
): LiveResult<PoolsFleetFragment> {
  return { data, error: null, connection: 'live', receivedAt: data === null ? null : NOW, ...extra };
}

function card(pool: string): HTMLElement {
  const found = screen.getAllByTestId('pool-card').find((el) => el.dataset.pool === pool);
  if (found === undefined) throw new Error(`no pool ${pool}`);
  return found;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PoolsView', () => {
  it('draws one card per pool with a canvas sized from the heatmap, a legend with counts and the usage source', () => {
    vi.useFakeTimers({ now: NOW });
    render(<PoolsView result={live(freshPools(NOW))} />);
    expect(screen.getAllByTestId('pool-card').map((el) => [el.dataset.cluster, el.dataset.pool])).toEqual([
      ['us-east-2', 'h100-sxm'],
      ['eu-west-1', 'l4-shared'],
    ]);
    const h100 = card('h100-sxm');
    const canvas = within(h100).getByRole('img');
    expect(canvas.dataset.nodes).toBe('6');
    expect(canvas.dataset.gpus).toBe('8');
    expect(canvas.getAttribute('aria-label')).toContain('1 unhealthy');
    const legend = within(h100).getByTestId('heatmap-legend');
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.dataset.state),
    ).toEqual(['FREE', 'ALLOCATED_BUSY', 'ALLOCATED_IDLE', 'ALLOCATED_UNKNOWN', 'UNHEALTHY', 'NOT_USABLE']);
    expect(within(h100).getByTestId('pool-usage-note').dataset.usage).toBe('DCGM');
    // Without DCGM, held GPUs are said to be of unknown use — never busy or idle.
    const l4 = card('l4-shared');
    expect(within(l4).getByTestId('pool-usage-note').textContent).toContain('never as busy or idle');
  });

  it('says fragmentation by request size, blocked pods, nodes not usable and the worst nodes in words', () => {
    vi.useFakeTimers({ now: NOW });
    render(<PoolsView result={live(freshPools(NOW))} />);
    const h100 = card('h100-sxm');
    const frag = within(h100).getByTestId('pool-fragmentation');
    const row = within(frag).getAllByRole('row')[1];
    // f = (0, 2, 2, 1, 3): Frag_4 = 100%, Frag_2 = 1/8, largest placeable 3.
    expect(row?.textContent).toContain('8 / 39');
    expect(row?.textContent).toContain('13%');
    expect(row?.textContent).toContain('3 on gpu-h100-05');
    expect(row?.textContent).toContain('1 node has 0 · 1 has 1 · 2 have 2 · 1 has 3');
    expect(within(h100).getByTestId('pool-blocked').textContent).toContain(
      'ml-training/llm-sweep-4gpu-7d9f-x2k4q needs 4 GPUs on one node; largest free 3 on gpu-h100-05',
    );
    expect(within(h100).getByTestId('pool-not-usable').textContent).toContain(
      'gpu-h100-06: GPU Operator validation not done',
    );
    const worst = within(h100).getByTestId('pool-worst-nodes');
    expect(
      within(worst)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.dataset.node),
    ).toEqual(['gpu-h100-04', 'gpu-h100-06', 'gpu-h100-03', 'gpu-h100-02']);
  });

  it('shows one cluster on #/clusters/:name/pools, and says so for a name not watched', () => {
    vi.useFakeTimers({ now: NOW });
    const { unmount } = render(<PoolsView result={live(freshPools(NOW))} cluster="eu-west-1" />);
    expect(screen.getAllByTestId('pool-card').map((el) => el.dataset.pool)).toEqual(['l4-shared']);
    unmount();
    render(<PoolsView result={live(freshPools(NOW))} cluster="nowhere" />);
    expect(screen.getByTestId('pools-unknown-cluster').textContent).toContain('nowhere');
  });

  it('is loud when the data is stale, and when the API cannot be reached', () => {
    vi.useFakeTimers({ now: NOW });
    const { unmount } = render(<PoolsView result={live(poolsFixture(NOW))} />);
    // The fleet fixture's ap-south-1 is stale.
    expect(screen.getByTestId('pools-data-as-of').dataset.loud).toBe('true');
    expect(screen.getByTestId('stale-banner')).toBeTruthy();
    unmount();
    render(<PoolsView result={live(freshPools(NOW), { connection: 'offline' })} kiosk />);
    expect(screen.getByTestId('pools-data-as-of').dataset.loud).toBe('true');
    expect(screen.getAllByTestId('pool-tile').every((t) => t.className.includes('pool-tile--stale'))).toBe(
      true,
    );
  });

  it('on a wall: one tile per pool in a stable order with its key numbers, worst facts marked', () => {
    vi.useFakeTimers({ now: NOW });
    render(<PoolsView result={live(freshPools(NOW))} kiosk />);
    expect(screen.getAllByTestId('pool-tile').map((t) => t.dataset.pool)).toEqual(['h100-sxm', 'l4-shared']);
    const facts = tileFacts(freshPools(NOW).clusters[0]?.gpuPools[0] ?? ({} as never));
    expect(facts.map((f) => [f.text, f.bad])).toEqual([
      ['8/39 free', false],
      ['largest 3', false],
      ['E 63%', false],
      ['1 pod blocked', true],
      ['1 GPU unhealthy', true],
      ['1 node not usable', true],
      ['6 idle', true],
    ]);
  });
});

describe('texts', () => {
  it.each([
    [0, '0%'],
    [0.001, '<1%'],
    [0.375, '38%'],
    [1, '100%'],
  ])('percentText(%s) = %s', (share, text) => {
    expect(percentText(share)).toBe(text);
  });

  it('freePerNodeText', () => {
    expect(freePerNodeText([])).toBe('');
    expect(freePerNodeText([{ free: 2, nodes: 1 }])).toBe('1 node has 2');
    expect(
      freePerNodeText([
        { free: 0, nodes: 3 },
        { free: 8, nodes: 1 },
      ]),
    ).toBe('3 nodes have 0 · 1 has 8');
  });
});
