import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withAnswerCache } from '../../../test/answer-cache.tsx';
import type { GraphQLTransport, Operation } from '../../graphql/transport.ts';
import { TransportContext } from '../../graphql/transport-context.ts';
import { IdlePods } from './idle-pods.tsx';

function device(pool: string, node: string, pods: string[]) {
  return { pool, node, gpu: '0', migInstance: null, engineActive: 0.02, pods };
}

function renderPanel(answer: unknown): { asked: Operation[] } {
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
        <IdlePods cluster="prod" pool="h100" />
      </Wrapper>
    </TransportContext.Provider>,
  );
  return { asked };
}

function open(): void {
  const details = screen.getByTestId('pool-idle') as HTMLDetailsElement;
  act(() => {
    details.open = true;
    fireEvent(details, new Event('toggle'));
  });
}

describe('GPU pool: allocated but idle, on demand', () => {
  it('asks nothing until opened, then lists the pool’s idle GPUs with their pods as pod-drawer links', async () => {
    const { asked } = renderPanel({
      cluster: {
        name: 'prod',
        generatedAt: '2026-11-27T12:00:00.000Z',
        gpuUsage: {
          usageKnown: true,
          idleAllocated: [device('h100', 'gpu-1', ['research/notebook-0']), device('a100', 'gpu-9', ['x/y'])],
        },
      },
    });
    expect(asked).toHaveLength(0);
    open();
    const list = await screen.findByTestId('pool-idle-list');
    expect(asked).toHaveLength(1);
    expect(list.querySelectorAll('li')).toHaveLength(1);
    const link = screen.getByTestId('pod-link');
    expect(link.dataset.pod).toBe('research/notebook-0');
    expect(link.getAttribute('href')).toMatch(/[?&]pod=prod\/research\/notebook-0$/);
  });

  it('without GPU use data it says unknown, never "none idle"', async () => {
    renderPanel({
      cluster: {
        name: 'prod',
        generatedAt: '2026-11-27T12:00:00.000Z',
        gpuUsage: { usageKnown: false, idleAllocated: [] },
      },
    });
    open();
    expect(await screen.findByTestId('pool-idle-unknown')).toBeTruthy();
  });
});
