import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withAnswerCache } from '../../test/answer-cache.tsx';
import type { GraphQLTransport, Operation } from '../graphql/transport.ts';
import { TransportContext } from '../graphql/transport-context.ts';
import { PodDrawerHost } from './pod-drawer-host.tsx';
import { PodLink } from './pod-link.tsx';

const EXPLAINED = {
  namespace: 'shop',
  name: 'orders-7d9c-x2x',
  node: 'node-3',
  pool: 'system',
  phase: 'Pending',
  gpuRequest: 0,
  createdAt: '2026-11-27T11:40:00.000Z',
  findingId: 'prod/pod.config-error/Pod/shop/orders-7d9c-x2x',
  owner: { ownerKind: 'ReplicaSet', name: 'orders-7d9c' },
  explanation: {
    rule: 'pod.config-error',
    stateText: 'CreateContainerConfigError',
    cause: 'missing ConfigMap or Secret',
    container: 'orders',
    summary:
      "container orders CreateContainerConfigError: couldn't find key DATABASE_URL in Secret shop/orders-db",
    image: null,
    fit: null,
    fitCheck: null,
    nextSteps: ['kubectl -n shop get secret orders-db -o yaml'],
    evidence: [
      {
        signal: 'container orders',
        value: "waiting: CreateContainerConfigError: couldn't find key DATABASE_URL in Secret shop/orders-db",
        threshold: null,
        window: null,
        source: 'watch',
        observedAt: null,
      },
    ],
    scheduling: null,
  },
};

/** A transport that answers the pod query from `answer`, counting what it was asked. */
function fakeTransport(answer: (op: Operation) => unknown): {
  transport: GraphQLTransport;
  asked: Operation[];
} {
  const asked: Operation[] = [];
  return {
    asked,
    transport: {
      query: async (op: Operation) => {
        asked.push(op);
        return answer(op);
      },
      subscribe: () => () => {},
    } as unknown as GraphQLTransport,
  };
}

function page(transport: GraphQLTransport) {
  const Wrapper = withAnswerCache();
  return render(
    <TransportContext.Provider value={transport}>
      <Wrapper>
        <main>
          <PodLink pod={{ cluster: 'prod', namespace: 'shop', name: 'orders-7d9c-x2x' }} />
          <button type="button">elsewhere</button>
        </main>
        <PodDrawerHost />
      </Wrapper>
    </TransportContext.Provider>,
  );
}

function setHash(hash: string): void {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

describe('pod drawer', () => {
  it('asks nothing until opened; opens from a pod link, explains, closes on Esc and gives focus back', async () => {
    setHash('#/clusters/prod/rollouts');
    const { transport, asked } = fakeTransport(() => ({
      cluster: {
        name: 'prod',
        generatedAt: '2026-11-27T12:00:00.000Z',
        pods: { total: 10 },
        troubledPod: EXPLAINED,
      },
    }));
    page(transport);
    expect(asked).toHaveLength(0);
    const link = screen.getByTestId('pod-link');
    expect(link.getAttribute('href')).toBe('#/clusters/prod/rollouts?pod=prod/shop/orders-7d9c-x2x');
    link.focus();
    act(() => {
      fireEvent.click(link);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(window.location.hash).toBe('#/clusters/prod/rollouts?pod=prod/shop/orders-7d9c-x2x');
    // The drawer is its own chunk: its first load may take a while on a busy machine.
    const drawer = await screen.findByTestId('pod-drawer', {}, { timeout: 20_000 });
    expect(drawer.getAttribute('role')).toBe('dialog');
    expect(drawer.getAttribute('aria-modal')).toBe('true');
    expect((await screen.findByTestId('pod-state')).textContent).toBe('CreateContainerConfigError');
    expect(screen.getByTestId('pod-evidence').textContent).toContain("couldn't find key DATABASE_URL");
    expect(screen.getByTestId('pod-next-steps').textContent).toContain(
      'kubectl -n shop get secret orders-db',
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]?.variables).toEqual({ cluster: 'prod', namespace: 'shop', name: 'orders-7d9c-x2x' });
    // Focus moved into the drawer.
    expect(drawer.contains(document.activeElement)).toBe(true);

    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await waitFor(() => expect(screen.queryByTestId('pod-drawer')).toBeNull());
    expect(window.location.hash).toBe('#/clusters/prod/rollouts');
    expect(document.activeElement).toBe(link);
  });

  it("a pending pod shows Fleetscope's own fit check, in the scheduler's shape", async () => {
    setHash('#/triage?pod=prod/shop/orders-7d9c-x2x');
    const fitCheck =
      '0/3 nodes: 3 lack 12 free cpu (largest free: 5.93 on general-0) — scheduler: 0/3 nodes are available: 3 Insufficient cpu.';
    const { transport } = fakeTransport(() => ({
      cluster: {
        name: 'prod',
        generatedAt: '2026-11-27T12:00:00.000Z',
        pods: { total: 10 },
        troubledPod: { ...EXPLAINED, explanation: { ...EXPLAINED.explanation, fitCheck } },
      },
    }));
    page(transport);
    const check = await screen.findByTestId('pod-fit-check', {}, { timeout: 20_000 });
    expect(check.textContent).toBe(`Fleetscope fit check: ${fitCheck}`);
  });

  it('keeps Tab inside the drawer', async () => {
    setHash('#/triage?pod=prod/shop/orders-7d9c-x2x');
    const { transport } = fakeTransport(() => ({
      cluster: {
        name: 'prod',
        generatedAt: '2026-11-27T12:00:00.000Z',
        pods: { total: 10 },
        troubledPod: EXPLAINED,
      },
    }));
    page(transport);
    const drawer = await screen.findByTestId('pod-drawer', {}, { timeout: 20_000 });
    await screen.findByTestId('pod-state');
    const focusable = [...drawer.querySelectorAll<HTMLElement>('a[href], button')];
    const last = focusable.at(-1) as HTMLElement;
    const first = focusable[0] as HTMLElement;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
    setHash('#/triage');
  });

  it.each([
    [
      'not troubled: serving, finished or gone',
      {
        cluster: {
          name: 'prod',
          generatedAt: '2026-11-27T12:00:00.000Z',
          pods: { total: 10 },
          troubledPod: null,
        },
      },
      'pod-not-troubled',
    ],
    [
      'pods unknown: said, never fine',
      { cluster: { name: 'prod', generatedAt: '2026-11-27T12:00:00.000Z', pods: null, troubledPod: null } },
      'pod-unknown',
    ],
    ['a cluster that is not watched', { cluster: null }, 'pod-not-watched'],
  ])('%s', async (_, answer, testId) => {
    setHash('#/clusters/prod/pods/shop/orders-7d9c-x2x');
    const { transport } = fakeTransport(() => answer);
    page(transport);
    expect(await screen.findByTestId(testId, {}, { timeout: 20_000 })).toBeTruthy();
    // The deep link's close goes to the cluster view.
    fireEvent.click(screen.getByTestId('pod-drawer-close'));
    expect(window.location.hash).toBe('#/clusters/prod');
  });

  it('an API error is said in the drawer', async () => {
    setHash('#/?pod=prod/shop/orders-7d9c-x2x');
    const { transport } = fakeTransport(() => {
      throw new Error('boom');
    });
    page(transport);
    expect((await screen.findByTestId('pod-error', {}, { timeout: 20_000 })).textContent).toContain('boom');
    setHash('#/');
  });
});
