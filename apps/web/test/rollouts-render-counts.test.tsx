import { act, render, screen } from '@testing-library/react';
import type { JSX } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterRolloutsFixture } from '../src/fixtures/rollouts-fixture.ts';
import type { GraphQLTransport, SubscriptionSink } from '../src/graphql/transport.ts';
import { TransportContext } from '../src/graphql/transport-context.ts';
import { viewMarkName } from '../src/lib/view-marks.ts';
import { RolloutsPage } from '../src/routes/rollouts/rollouts-page.tsx';
import { withAnswerCache } from './answer-cache.tsx';

/** Every render of a Rollouts card, by rollout name: the board memoises cards on their rollout's identity. */
const renders = vi.hoisted(() => new Map<string, number>());

vi.mock('../src/routes/rollouts/rollout-card.tsx', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/routes/rollouts/rollout-card.tsx')>();
  return {
    ...actual,
    RolloutCard: (props: Parameters<typeof actual.RolloutCard>[0]): JSX.Element => {
      renders.set(props.rollout.name, (renders.get(props.rollout.name) ?? 0) + 1);
      return actual.RolloutCard(props);
    },
  };
});

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();
const total = (): number => [...renders.values()].reduce((s, n) => s + n, 0);

function board(at: number) {
  const cluster = clusterRolloutsFixture(NOW, 'us-east-2');
  if (cluster === null) throw new Error('fixture lost us-east-2');
  return { ...cluster, generatedAt: iso(at) };
}

async function settle(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

afterEach(() => {
  renders.clear();
  vi.useRealTimers();
});

describe('Rollouts board: a push renders only the cards whose rollout changed', () => {
  it('renders every card once for the first answer, none for an unchanged push, one for one changed rollout', async () => {
    vi.useFakeTimers({
      now: NOW,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    performance.clearMarks(viewMarkName('rollouts'));
    const sinks: SubscriptionSink[] = [];
    const transport: GraphQLTransport = {
      query: async () => JSON.parse(JSON.stringify({ cluster: board(NOW) })),
      subscribe: (_op, sink) => {
        sinks.push(sink);
        return () => {};
      },
    };
    const push = (data: unknown): void => {
      const sink = sinks[0];
      if (sink === undefined) throw new Error('no subscription');
      act(() => sink.next({ clusterChanged: JSON.parse(JSON.stringify(data)) }));
    };
    const AnswerCache = withAnswerCache();
    render(
      <AnswerCache>
        <TransportContext.Provider value={transport}>
          <RolloutsPage name="us-east-2" />
        </TransportContext.Provider>
      </AnswerCache>,
    );
    await settle();
    act(() => sinks[0]?.connected());
    await settle();
    expect(screen.getAllByTestId('rollout')).toHaveLength(3);
    expect([...renders.keys()].sort()).toEqual(['orders', 'postgres', 'reranker']);
    // The view marked its first render with data, once.
    expect(performance.getEntriesByName(viewMarkName('rollouts'))).toHaveLength(1);

    // A newer snapshot with the same rollouts: the header's freshness moves, no card renders.
    renders.clear();
    push(board(NOW + 1_000));
    await settle();
    expect(total()).toBe(0);

    // One rollout moved on: its card, no other.
    const next = board(NOW + 2_000);
    const rollouts = next.rollouts ?? [];
    next.rollouts = rollouts.map((r) =>
      r.name === 'reranker' ? { ...r, progress: { ...r.progress, updated: 2 } } : r,
    );
    renders.clear();
    push(next);
    await settle();
    expect([...renders.entries()]).toEqual([['reranker', 1]]);
    expect(screen.getByText(/2\/3 updated/)).toBeTruthy();
    expect(performance.getEntriesByName(viewMarkName('rollouts'))).toHaveLength(1);
  });
  it('at 400 rollouts renders only the cards on screen, and a push moving 1% renders the moved ones on screen', async () => {
    vi.useFakeTimers({
      now: NOW,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    const many = (at: number, moved: (i: number) => boolean) => {
      const cluster = board(at);
      const templates = cluster.rollouts ?? [];
      cluster.rollouts = Array.from({ length: 400 }, (_, i) => {
        const t = templates[i < 160 ? i % 2 : 2] ?? templates[0];
        if (t === undefined) throw new Error('no template');
        const progress = moved(i) ? { ...t.progress, updated: t.progress.updated + 1 } : t.progress;
        return { ...t, name: `${t.name}-${i}`, progress };
      });
      return cluster;
    };
    const sinks: SubscriptionSink[] = [];
    const transport: GraphQLTransport = {
      query: async () => JSON.parse(JSON.stringify({ cluster: many(NOW, () => false) })),
      subscribe: (_op, sink) => {
        sinks.push(sink);
        return () => {};
      },
    };
    const AnswerCache = withAnswerCache();
    render(
      <AnswerCache>
        <TransportContext.Provider value={transport}>
          <RolloutsPage name="us-east-2" />
        </TransportContext.Provider>
      </AnswerCache>,
    );
    await settle();
    act(() => sinks[0]?.connected());
    await settle();
    const shown = screen.getAllByTestId('rollout');
    // The window: a screen of rows plus overscan, from the first; the feed knows the whole length.
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(40);
    expect(shown[0]?.getAttribute('aria-posinset')).toBe('1');
    expect(shown[0]?.getAttribute('aria-setsize')).toBe('400');
    expect(total()).toBe(shown.length);

    // 1% of the rollouts move (every 100th from the first): of those, only rollout 0 is on screen.
    renders.clear();
    const next = many(NOW + 1_000, (i) => i % 100 === 0);
    act(() => sinks[0]?.next({ clusterChanged: JSON.parse(JSON.stringify(next)) }));
    await settle();
    expect([...renders.keys()]).toEqual([next.rollouts?.[0]?.name]);
    expect(screen.getAllByTestId('rollout')).toHaveLength(shown.length);
  });
});
