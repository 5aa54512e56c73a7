import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withAnswerCache } from '../../../test/answer-cache.tsx';
import type { GraphQLTransport, Operation } from '../../graphql/transport.ts';
import { TransportContext } from '../../graphql/transport-context.ts';
import { ServingPath } from './serving-path.tsx';

function renderToggle(answer: unknown, stale = false): { asked: Operation[] } {
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
        <ServingPath cluster="prod" stale={stale} />
      </Wrapper>
    </TransportContext.Provider>,
  );
  return { asked };
}

const NOW = '2026-11-27T12:00:00.000Z';
const SERVED = { served: 'SERVED', version: 'v1', detail: null };
const condition = (type: string, status: string, reason: string, message = '') => ({
  type,
  conditionStatus: status,
  reason,
  message,
});

const answer = {
  cluster: {
    name: 'prod',
    generatedAt: NOW,
    servingPath: {
      status: 'DOWN',
      summary: '1 of 2 routes serves nothing',
      api: SERVED,
      gatewayClasses: [
        {
          name: 'envoy',
          exists: true,
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          status: 'HEALTHY',
          gateways: ['gw/public'],
          accepted: condition('Accepted', 'True', 'Accepted'),
        },
        {
          name: 'nginx-internal',
          exists: true,
          controllerName: 'k8s.io/nginx',
          status: 'DOWN',
          gateways: ['ops/internal'],
          accepted: condition('Accepted', 'Unknown', 'Pending', 'Waiting for controller'),
        },
      ],
      gateways: [
        {
          namespace: 'gw',
          name: 'public',
          gatewayClassName: 'envoy',
          status: 'HEALTHY',
          attachedRoutes: 2,
          programmed: condition('Programmed', 'True', 'Programmed'),
        },
      ],
      routes: [
        {
          namespace: 'shop',
          name: 'checkout',
          status: 'DOWN',
          hostnames: ['shop.example.com'],
          parents: [
            {
              gatewayNamespace: 'gw',
              gatewayName: 'public',
              accepted: condition('Accepted', 'True', 'Accepted'),
              resolvedRefs: condition('ResolvedRefs', 'True', 'ResolvedRefs'),
            },
          ],
          backends: [
            {
              kind: 'Service',
              namespace: 'shop',
              name: 'checkout',
              port: 8080,
              exists: true,
              readyEndpoints: 0,
              permission: { crossNamespace: false, permitted: true, grant: null },
            },
            {
              kind: 'Service',
              namespace: 'payments',
              name: 'ledger',
              port: 8080,
              exists: true,
              readyEndpoints: 2,
              permission: { crossNamespace: true, permitted: false, grant: null },
            },
          ],
        },
        {
          namespace: 'shop',
          name: 'legacy-cart',
          status: 'DOWN',
          hostnames: [],
          parents: [
            {
              gatewayNamespace: 'gw',
              gatewayName: 'public',
              accepted: condition('Accepted', 'True', 'Accepted'),
              resolvedRefs: condition(
                'ResolvedRefs',
                'False',
                'BackendNotFound',
                'Service "cart-v1" not found',
              ),
            },
          ],
          backends: [
            {
              kind: 'Service',
              namespace: 'shop',
              name: 'cart-v1',
              port: 80,
              exists: false,
              readyEndpoints: null,
              permission: null,
            },
          ],
        },
      ],
    },
    kueue: {
      status: 'HEALTHY',
      summary: '1 workload waiting for quota',
      positionsKnown: true,
      api: { served: 'SERVED', version: 'v1beta2', detail: null },
      clusterQueues: [{ name: 'gpu-cq', active: true, pendingWorkloads: 2, admittedWorkloads: 3 }],
      workloads: [
        {
          namespace: 'research',
          name: 'job-sweep-7-abc',
          workloadState: 'PENDING',
          clusterQueue: 'gpu-cq',
          localQueue: 'research',
          position: 2,
          reason: 'Pending',
          message: "couldn't assign flavors to pod set main: insufficient unused quota",
          owner: 'Job/research/sweep-7',
        },
      ],
    },
  },
};

describe('Cluster view: routes and queues, on demand', () => {
  it('asks nothing until opened, then gives each route its backends and the conditions that are not True', async () => {
    const { asked } = renderToggle(answer);
    expect(asked).toHaveLength(0);
    fireEvent.click(screen.getByTestId('serving-path-toggle'));
    const routes = await screen.findAllByTestId('serving-route');
    expect(asked).toHaveLength(1);
    expect(routes.map((r) => [r.getAttribute('data-route'), r.getAttribute('data-status')])).toEqual([
      ['shop/checkout', 'DOWN'],
      ['shop/legacy-cart', 'DOWN'],
    ]);
    expect(
      within(routes[0] as HTMLElement)
        .getAllByTestId('serving-backend')
        .map((b) => b.textContent),
    ).toEqual([
      '→ Service shop/checkout:8080 — 0 ready endpoints',
      '→ Service payments/ledger:8080 — another namespace, and no ReferenceGrant in payments allows it',
    ]);
    const classes = screen.getAllByTestId('serving-gateway-class');
    expect(classes.map((c) => c.getAttribute('data-class'))).toEqual(['nginx-internal']);
    expect(classes[0]?.textContent).toContain(
      'Accepted=Unknown (Pending): Waiting for controller — used by ops/internal',
    );
    expect(within(routes[1] as HTMLElement).getByTestId('serving-backend').textContent).toBe(
      '→ Service shop/cart-v1:80 — does not exist',
    );
    expect(within(routes[1] as HTMLElement).getByTestId('serving-route-condition').textContent).toBe(
      'ResolvedRefs=False (BackendNotFound): Service "cart-v1" not found',
    );
    expect(within(routes[0] as HTMLElement).queryByTestId('serving-route-condition')).toBeNull();
    const workload = screen.getByTestId('kueue-workload');
    expect(workload.textContent).toContain(
      "waiting for quota in ClusterQueue gpu-cq, position 2: couldn't assign flavors",
    );
  });

  it('a cluster without the CRDs says not applicable; unknown is never "no routes"', async () => {
    renderToggle({
      cluster: {
        name: 'prod',
        generatedAt: NOW,
        servingPath: {
          ...answer.cluster.servingPath,
          status: 'NOT_APPLICABLE',
          api: { served: 'NOT_SERVED', version: null, detail: null },
          gatewayClasses: [],
          gateways: [],
          routes: [],
        },
        kueue: null,
      },
    });
    fireEvent.click(screen.getByTestId('serving-path-toggle'));
    const routes = await screen.findByTestId('serving-routes');
    expect(routes.textContent).toContain(
      'Not applicable: gateway.networking.k8s.io is not served by this cluster.',
    );
    expect(screen.queryByTestId('serving-kueue')).toBeNull();
  });

  it('while the cluster is stale, every status is drawn stale, never in its own colour', async () => {
    renderToggle(answer, true);
    fireEvent.click(screen.getByTestId('serving-path-toggle'));
    const routes = await screen.findAllByTestId('serving-route');
    const tones = [...document.querySelectorAll('[data-testid="serving-path"] .badge')].map((b) =>
      b.getAttribute('data-tone'),
    );
    expect(routes).toHaveLength(2);
    expect(tones.length).toBeGreaterThan(3);
    expect(new Set(tones)).toEqual(new Set(['stale']));
  });

  it('no summary yet: unknown', async () => {
    renderToggle({ cluster: { name: 'prod', generatedAt: NOW, servingPath: null, kueue: null } });
    fireEvent.click(screen.getByTestId('serving-path-toggle'));
    expect(await screen.findByTestId('serving-unknown')).toBeTruthy();
  });
});
