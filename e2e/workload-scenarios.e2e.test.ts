import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFleet,
  type FleetServers,
  GPU_POOLS_TRUTH,
  KUEUE_TRUTH,
  ROLLOUT_TRUTH,
  SERVING_TRUTH,
  startFleetServers,
  systemClock,
} from '@fleetscope/fleet-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, launchChromium, REPO, SCREENSHOTS, startDemoServer } from './support.ts';

// The workloads scenarios' ground truth, as a person sees it in the browser: the API built for production
// (npm start's server) watching the simulator through a kubeconfig, the web app in Chromium.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The simulator serving `scenario` and the production server watching it. */
function scenarioServer(scenario: string): { start(): Promise<DemoServer>; stop(): Promise<void> } {
  let sim: FleetServers | undefined;
  let server: DemoServer | undefined;
  const kubeconfig = join(REPO, 'artifacts', `${scenario}-e2e-${process.pid}.kubeconfig`);
  return {
    async start() {
      const fleet = createFleet({ seed: 7, size: 'small', scenario, clock: systemClock });
      mkdirSync(join(REPO, 'artifacts'), { recursive: true });
      sim = await startFleetServers(fleet, { kubeconfig, latencyScale: 0.01 });
      server = await startDemoServer({
        FLEETSCOPE_KUBECONFIG: kubeconfig,
        FLEETSCOPE_CONTEXTS: fleet.clusters.map((c) => c.name).join(','),
        FLEETSCOPE_PROBE_INTERVAL_SECONDS: '0',
      });
      return server;
    },
    async stop() {
      await server?.stop();
      await sim?.close();
      rmSync(kubeconfig, { force: true });
    },
  };
}

function screenshot(page: Page, name: string): Promise<void> {
  return page.screenshot({ path: join(SCREENSHOTS, name) }).then(() => {
    copyFileSync(join(SCREENSHOTS, name), join(REPO, 'docs/images', name));
  });
}

describe('the rollouts scenario on the Rollouts board', () => {
  const CLUSTER = 'prod-rollouts';
  const scenario = scenarioServer('rollouts');
  let server: DemoServer;
  beforeAll(async () => {
    server = await scenario.start();
  }, 120_000);
  afterAll(() => scenario.stop());

  it('every stuck rollout shows its kubectl stage, why, what to do, its blocking pods and what changed', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/${CLUSTER}/rollouts`);
    const card = (t: (typeof ROLLOUT_TRUTH)[number]) =>
      page.locator(`[data-testid="rollout"][data-name="${t.kind}/${t.namespace}/${t.name}"]`);
    // Wait until every rollout is known with its new pods classified (the pods arrive by watch).
    await expect
      .poll(
        async () => {
          let complete = 0;
          for (const t of ROLLOUT_TRUTH) {
            const c = card(t);
            if ((await c.count()) !== 1) continue;
            if ((await c.locator('li[data-rule]').count()) === t.blocking) complete++;
          }
          return complete;
        },
        { timeout: 60_000 },
      )
      .toBe(ROLLOUT_TRUTH.length);
    for (const t of ROLLOUT_TRUTH) {
      const c = card(t);
      expect(await c.getAttribute('data-state'), t.name).toBe('STUCK');
      expect(await c.getAttribute('data-stage'), t.name).toBe(t.stage);
      expect(await c.getByTestId('rollout-stage').textContent(), t.name).toBe(t.message);
      expect(await c.getByTestId('rollout-reason').textContent(), t.name).toContain(t.stuckHolds);
      expect(await c.getByTestId('rollout-action').textContent(), t.name).toMatch(
        new RegExp(`^${t.action} — \\S`),
      );
      const rules = await c
        .locator('li[data-rule]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
      expect(rules, t.name).toEqual(Array.from({ length: t.blocking }, () => t.podRule));
      if (t.trigger === null) expect(await c.getByTestId('rollout-trigger').count(), t.name).toBe(0);
      else
        expect(await c.getByTestId('rollout-trigger').textContent(), t.name).toBe(
          `Applied by ${t.trigger.tool} (${t.trigger.name})`,
        );
      // What changed, on demand.
      await c.getByTestId('diff-toggle').click();
      const fields = await c
        .getByTestId('template-diff')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));
      expect([...new Set(fields)].sort(), t.name).toEqual([...t.changed].sort());
    }
    await screenshot(page, 'rollouts-scenario.png');

    // A blocking pod opens the drawer with the same classification as the card.
    const orders = ROLLOUT_TRUTH.find((t) => t.podRule !== null);
    if (orders === undefined) throw new Error('no rollout with blocking pods in ROLLOUT_TRUTH');
    await card(orders).getByTestId('pod-link').first().click();
    const drawer = page.getByTestId('pod-drawer');
    await expect
      .poll(() => drawer.getByTestId('pod-explanation').getAttribute('data-rule'), { timeout: 30_000 })
      .toBe(orders.podRule);
    expect(await drawer.getByTestId('pod-evidence').locator('li').count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe('the serving scenario in the Cluster view', () => {
  const scenario = scenarioServer('serving');
  let server: DemoServer;
  beforeAll(async () => {
    server = await scenario.start();
  }, 120_000);
  afterAll(() => scenario.stop());

  it('each route with its state and backend; the Kueue workload waiting with its position; no CRDs: not applicable', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/${SERVING_TRUTH.cluster}`);
    // Reload and open the pop-over: it asks the API afresh each time it is mounted.
    const openFresh = async (): Promise<void> => {
      await page.reload();
      await page.getByTestId('serving-path-toggle').click();
      await expect
        .poll(() => page.locator('[data-testid="serving-routes"], [data-testid="serving-unknown"]').count(), {
          timeout: 30_000,
        })
        .toBe(1);
    };
    // The routes are judged once the Gateway API is discovered and listed.
    await expect
      .poll(
        async () => {
          await openFresh();
          return page.getByTestId('serving-route').count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(SERVING_TRUTH.routes.length);
    for (const r of SERVING_TRUTH.routes) {
      const row = page.locator(`[data-testid="serving-route"][data-route="${r.namespace}/${r.name}"]`);
      expect(await row.getAttribute('data-status'), r.name).toBe(r.status);
      expect(await row.getByTestId('serving-backend').first().textContent(), r.name).toContain(r.backend);
      if (r.reason !== null)
        expect(await row.getByTestId('serving-route-condition').first().textContent(), r.name).toContain(
          r.reason,
        );
    }
    const gated = page.locator('[data-testid="kueue-workload"][data-state="PENDING"]');
    expect(await gated.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('serving-kueue').textContent()).toContain(
      `waiting for quota in ClusterQueue ${KUEUE_TRUTH.clusterQueue}, position ${KUEUE_TRUTH.position}`,
    );
    await screenshot(page, 'routes-and-queues.png');

    // The pod Kueue holds: its drawer says it waits for quota, never that it is unschedulable.
    const { namespace, name } = KUEUE_TRUTH.gatedPod;
    const pod = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await pod.goto(`${server.url}/#/clusters/${KUEUE_TRUTH.cluster}/pods/${namespace}/${name}`);
    const drawer = pod.getByTestId('pod-drawer');
    await expect
      .poll(() => drawer.getByTestId('pod-explanation').getAttribute('data-rule'), { timeout: 30_000 })
      .toBe(KUEUE_TRUTH.rule);
    expect(await drawer.getByTestId('pod-summary').textContent()).toContain(KUEUE_TRUTH.summary);
    await pod.close();

    // A cluster without either CRD: not applicable, not "no routes".
    await page.goto(`${server.url}/#/clusters/${SERVING_TRUTH.plainCluster}`);
    await expect
      .poll(
        async () => {
          await openFresh();
          return page.getByTestId('serving-routes').getAttribute('data-status');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe('NOT_APPLICABLE');
    expect(await page.getByTestId('serving-routes').textContent()).toContain('Not applicable');
    await page.close();
  });
});

describe('the gpu-pools scenario on the Rollouts board', () => {
  const scenario = scenarioServer('gpu-pools');
  let server: DemoServer;
  beforeAll(async () => {
    server = await scenario.start();
  }, 120_000);
  afterAll(() => scenario.stop());

  it('a rollout blocked by GPU fragmentation says "free room" with the move; one no move helps says capacity', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/clusters/${GPU_POOLS_TRUTH.cluster}/rollouts`);
    const action = (name: string) =>
      page
        .locator(`[data-testid="rollout"][data-name="Deployment/ml/${name}"]`)
        .getByTestId('rollout-action');
    const move = GPU_POOLS_TRUTH.sweepMove;
    await expect
      .poll(() => action('sweep-4gpu').textContent(), { timeout: 60_000 })
      .toMatch(
        new RegExp(
          `^free room — GPU fragmentation, not capacity, blocks the new pods: free room by moving 1 pod \\(ml/${move.owner}-\\S+ from ${move.fromNode} to ${move.toNode}\\)`,
        ),
      );
    expect(await action('pretrain-8gpu').textContent()).toMatch(/^fix capacity — /);
    await page.close();
  });
});
