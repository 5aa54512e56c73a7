import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withAnswerCache } from '../../../test/answer-cache.tsx';
import type { GraphQLTransport, Operation } from '../../graphql/transport.ts';
import { TransportContext } from '../../graphql/transport-context.ts';
import { TroubledPods } from './troubled-pods.tsx';

function renderToggle(answer: unknown): { asked: Operation[] } {
  const asked: Operation[] = [];
  const transport = {
    query: async (op: Operation) => {
      asked.push(op);
      return answer;
    },
    subscribe: () => () => {},
  } as unknown as GraphQLTransport;
  const Wrapper = withAnswerCache();
  render(
    <TransportContext.Provider value={transport}>
      <Wrapper>
        <TroubledPods cluster="prod" />
      </Wrapper>
    </TransportContext.Provider>,
  );
  return { asked };
}

const NOW = '2026-11-27T12:00:00.000Z';

describe('Cluster view: the pods not serving, on demand', () => {
  it('asks nothing until opened, then names each pod as a link to the pod drawer', async () => {
    const { asked } = renderToggle({
      cluster: {
        name: 'prod',
        generatedAt: NOW,
        troubledPods: {
          totalCount: 30,
          edges: [
            {
              node: {
                namespace: 'inference',
                name: 'reranker-1',
                explanation: { summary: 'CrashLoopBackOff' },
              },
            },
            { node: { namespace: 'shop', name: 'checkout-2', explanation: { summary: 'ImagePullBackOff' } } },
          ],
        },
      },
    });
    expect(asked).toHaveLength(0);
    fireEvent.click(screen.getByTestId('troubled-pods-toggle'));
    const list = await screen.findByTestId('troubled-pods-list');
    expect(asked).toHaveLength(1);
    expect(
      [...list.querySelectorAll('[data-testid="pod-link"]')].map((a) => a.getAttribute('data-pod')),
    ).toEqual(['inference/reranker-1', 'shop/checkout-2']);
    expect(screen.getByText('2 of 30 shown (namespace, then name).')).toBeTruthy();
  });

  it('pods never listed: unknown, not "every pod is serving"', async () => {
    renderToggle({ cluster: { name: 'prod', generatedAt: NOW, troubledPods: null } });
    fireEvent.click(screen.getByTestId('troubled-pods-toggle'));
    expect(await screen.findByTestId('troubled-pods-unknown')).toBeTruthy();
  });
});
