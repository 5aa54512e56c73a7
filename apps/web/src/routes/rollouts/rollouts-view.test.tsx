import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterRolloutsFixture } from '../../fixtures/rollouts-fixture.ts';
import { rootOf } from '../../graphql/boundary.ts';
import { GraphQLRequestError } from '../../graphql/errors.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { RolloutsLookup } from '../../graphql/use-rollouts.ts';
import { parseRoute, rolloutsHref } from '../../router.ts';
import { RolloutsView } from './rollouts-view.tsx';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function live(
  cluster: RolloutsLookup['cluster'] | undefined,
  extra: Partial<LiveResult<RolloutsLookup>> = {},
) {
  const data = cluster === undefined ? null : { cluster };
  return { data, error: null, connection: 'live' as const, receivedAt: data === null ? null : NOW, ...extra };
}

function fresh(name: string): RolloutsLookup['cluster'] {
  const cluster = clusterRolloutsFixture(NOW, name);
  if (cluster === null) throw new Error('no fixture');
  return {
    ...cluster,
    stale: false,
    dataAsOf: new Date(NOW - 2_000).toISOString(),
    generatedAt: new Date(NOW).toISOString(),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RolloutsView', () => {
  it('lists stuck rollouts first with kubectl stage text, progress bars, why and what to do', () => {
    vi.useFakeTimers({ now: NOW });
    render(<RolloutsView name="us-east-2" result={live(fresh('us-east-2'))} />);
    const cards = screen.getAllByTestId('rollout');
    expect(cards.map((c) => [c.dataset.name, c.dataset.state])).toEqual([
      ['Deployment/shop/orders', 'STUCK'],
      ['StatefulSet/data/postgres', 'STUCK'],
      ['Deployment/inference/reranker', 'PROGRESSING'],
    ]);
    expect(screen.getByTestId('rollouts-summary').textContent).toBe('2 stuck, 1 progressing');
    const orders = cards[0] as HTMLElement;
    expect(within(orders).getByTestId('rollout-stage').textContent).toBe(
      'deployment "orders" exceeded its progress deadline',
    );
    const bar = within(orders).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-valuemax')).toBe('4');
    expect(within(orders).getByTestId('rollout-reason').textContent).toContain('CreateContainerConfigError');
    expect(within(orders).getByTestId('rollout-action').textContent).toMatch(/^roll back — /);
    expect(within(orders).getByTestId('rollout-trigger').textContent).toBe(
      'Applied by Argo CD (shop-orders)',
    );
    // A progressing rollout has no "why".
    expect(within(cards[2] as HTMLElement).queryByTestId('rollout-reason')).toBeNull();
  });

  it('shows the template diff on demand', () => {
    vi.useFakeTimers({ now: NOW });
    render(<RolloutsView name="us-east-2" result={live(fresh('us-east-2'))} />);
    const orders = screen.getAllByTestId('rollout')[0] as HTMLElement;
    expect(within(orders).queryByTestId('template-diff')).toBeNull();
    fireEvent.click(within(orders).getByTestId('diff-toggle'));
    const rows = within(within(orders).getByTestId('template-diff')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.field)).toEqual(['image', 'env']);
    expect(rows[1]?.textContent).toContain('(+DATABASE_URL)');
  });

  it('names each blocking pod as a link to its explanation (the pod drawer, on this board)', () => {
    vi.useFakeTimers({ now: NOW });
    window.location.hash = rolloutsHref('us-east-2');
    render(<RolloutsView name="us-east-2" result={live(fresh('us-east-2'))} />);
    const orders = screen.getAllByTestId('rollout')[0] as HTMLElement;
    const links = within(orders).getAllByTestId('pod-link');
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const pod = link.dataset.pod ?? '';
      expect(pod.startsWith('shop/')).toBe(true);
      expect(link.getAttribute('href')).toBe(`#/clusters/us-east-2/rollouts?pod=us-east-2/${pod}`);
    }
  });

  it('says "every rollout done" only when fresh, and unknown when stale', () => {
    vi.useFakeTimers({ now: NOW });
    const { unmount } = render(<RolloutsView name="eu-west-1" result={live(fresh('eu-west-1'))} />);
    expect(screen.getByTestId('rollouts-summary').textContent).toBe('every rollout done');
    unmount();
    const stale = { ...(fresh('eu-west-1') as NonNullable<RolloutsLookup['cluster']>), stale: true };
    render(<RolloutsView name="eu-west-1" result={live(stale)} />);
    expect(screen.getByTestId('rollouts-summary').textContent).toBe('unknown (stale)');
    expect(screen.getByTestId('stale-banner')).toBeTruthy();
  });

  it('unknown rollouts (deployments or pods never listed) are said, never "every rollout done"', () => {
    vi.useFakeTimers({ now: NOW });
    const unknown = { ...(fresh('eu-west-1') as NonNullable<RolloutsLookup['cluster']>), rollouts: null };
    render(<RolloutsView name="eu-west-1" result={live(unknown)} />);
    expect(screen.getByTestId('rollouts-summary').textContent).toBe(
      'unknown (deployments or pods not listed)',
    );
    expect(screen.queryAllByTestId('rollout')).toHaveLength(0);
  });

  it('loading, errors and a cluster that is not watched', () => {
    const { unmount } = render(<RolloutsView name="x" result={live(undefined)} />);
    expect(screen.getByTestId('rollouts-loading')).toBeTruthy();
    unmount();
    const failed = render(
      <RolloutsView
        name="x"
        result={live(undefined, { error: new GraphQLRequestError('network', '/graphql', 'Failed to fetch') })}
      />,
    );
    expect(screen.getByTestId('rollouts-error')).toBeTruthy();
    failed.unmount();
    render(<RolloutsView name="nowhere" result={live(null)} />);
    expect(screen.getByTestId('rollouts-not-watched')).toBeTruthy();
  });

  it('an answer read at the boundary keeps the rollout states, and an unknown one reads as stuck', () => {
    const data = JSON.parse(JSON.stringify({ cluster: fresh('us-east-2') }));
    data.cluster.rollouts[2].rolloutState = 'PAUSED_BY_A_NEWER_API';
    const cluster = rootOf<NonNullable<RolloutsLookup['cluster']>>(data, 'cluster');
    expect(cluster.rollouts?.map((r) => r.rolloutState)).toEqual(['STUCK', 'STUCK', 'STUCK']);
    expect(cluster.rollouts?.map((r) => r.stage)).toEqual(['DEADLINE_EXCEEDED', 'WAITING_READY', 'UPDATING']);
  });

  it('is reached at #/clusters/:name/rollouts', () => {
    expect(rolloutsHref('us east')).toBe('#/clusters/us%20east/rollouts');
    expect(parseRoute('#/clusters/us%20east/rollouts')).toEqual({ view: 'rollouts', cluster: 'us east' });
    expect(parseRoute('#/clusters/us-east/other')).toEqual({
      view: 'not-found',
      path: '/clusters/us-east/other',
    });
  });
});
