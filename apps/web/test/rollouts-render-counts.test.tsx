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
});
