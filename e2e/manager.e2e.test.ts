import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFleet, type FleetServers, startFleetServers, systemClock } from '@fleetscope/fleet-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackfillSeries, backfill } from '../apps/api/test/support/backfill.ts';
import { type PrometheusServer, startPrometheus } from '../apps/api/test/support/prometheus-server.ts';
import { type DemoServer, launchChromium, REPO, startDemoServer } from './support.ts';

/**
 * The Manager view in Chromium, twice: as `npm start` serves it (the demo fleet has no Prometheus, so the
 * view must say history needs one and show no numbers), and against a real Prometheus holding a week of
 * kube-state-metrics and DCGM-exporter history (backfilled with promtool) for the simulated fleet, which
 * the built API watches like a real cluster. Screenshots for the docs at 1080p and 4K.
 */

const IMAGES = join(REPO, 'docs', 'images');
const HALF_HOUR = 1_800_000;
const US = 'prod-us-east';
const EU = 'prod-eu-west';

let browser: Browser;

beforeAll(async () => {
  mkdirSync(IMAGES, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A 4K screen as desktops run it: 3840×2160 pixels at 200%. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(IMAGES, `${name}.png`) });
}

describe('the Manager view in the demo (no Prometheus)', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('says history needs Prometheus, names every cluster, shows no GPU-hours', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/#/manager`);
    const needs = page.getByTestId('manager-needs-prometheus');
    await needs.waitFor({ timeout: 30_000 });
    expect(await needs.getByRole('heading').textContent()).toBe('History needs Prometheus');
    expect(await page.getByTestId('manager-unavailable').count()).toBe(3);
    expect(await page.getByTestId('usage-chart').count()).toBe(0);
    expect(await page.locator('text=/\\d GPU-hours/').count()).toBe(0);
    // What is known now is still said, from the live snapshot.
    await expect
      .poll(() => page.getByTestId('manager-now').textContent(), { timeout: 30_000 })
      .toMatch(/[1-9][\d,]* of [\d,]+ usable GPUs are reserved/);
    await shoot(page, 'manager-demo-1080p');
    await page.close();
  });
});

/** A week of GPU life on the simulated fleet's nodes, every 30 minutes. */
function weekOfHistory(
  nodes: { us: Array<{ name: string; pool: string }>; eu: Array<{ name: string; pool: string }> },
  endMs: number,
): BackfillSeries[] {
  const steps = 7 * 48 + 2;
  const start = endMs - (steps - 1) * HALF_HOUR;
  const times = Array.from({ length: steps }, (_, i) => start + i * HALF_HOUR);
  const hourOf = (t: number): number => new Date(t).getUTCHours();
  const weekday = (t: number): boolean => ![0, 6].includes(new Date(t).getUTCDay());
  const out: BackfillSeries[] = [];
  const push = (
    metric: string,
    labels: Record<string, string>,
    value: (t: number) => number | null,
  ): void => {
    const samples = times.flatMap((t): Array<[number, number]> => {
      const v = value(t);
      return v === null ? [] : [[t, v]];
    });
    if (samples.length > 0) out.push({ metric, labels, samples });
  };
  const h100 = nodes.us.filter((n) => n.pool.includes('h100'));
  const other = nodes.us.filter((n) => !n.pool.includes('h100'));
  // Who reserves what: training all week, notebooks reserved all week but busy in office hours, serving
  // following traffic, batch evaluations in six-hour waves.
  const pods = [
    {
      ns: 'llm-train',
      pod: 'pretrain-0',
      node: h100[0]?.name,
      gpus: 8,
      on: () => true,
      busy: (t: number) => (hourOf(t) % 6 === 0 ? 5 : 8),
    },
    {
      ns: 'notebooks',
      pod: 'jupyter-ana',
      node: h100[1]?.name,
      gpus: 4,
      on: () => true,
      busy: (t: number) => (weekday(t) && hourOf(t) >= 8 && hourOf(t) < 18 ? 2 : 0),
    },
    {
      ns: 'llm-serving',
      pod: 'vllm-0',
      node: other[0]?.name,
      gpus: 6,
      on: () => true,
      busy: (t: number) => Math.round(3 + 2 * Math.sin(((hourOf(t) - 9) / 24) * 2 * Math.PI)),
    },
    {
      ns: 'batch-eval',
      pod: 'eval',
      node: other[1]?.name ?? other[0]?.name,
      gpus: 4,
      on: (t: number) => Math.floor((t - start) / (6 * 3_600_000)) % 2 === 0,
      busy: () => 3,
    },
  ].filter((p) => p.node !== undefined);
  const cluster = { cluster: US };
  for (const p of pods) {
    const id = { ...cluster, namespace: p.ns, pod: p.pod };
    push('kube_pod_info', { ...id, node: p.node ?? '' }, (t) => (p.on(t) ? 1 : null));
    push('kube_pod_status_phase', { ...id, phase: 'Running' }, (t) => (p.on(t) ? 1 : null));
    push(
      'kube_pod_container_resource_requests',
      { ...id, container: 'main', resource: 'nvidia_com_gpu', unit: 'integer' },
      (t) => (p.on(t) ? p.gpus : null),
    );
    for (let gpu = 0; gpu < p.gpus; gpu++) {
      push(
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        {
          ...cluster,
          Hostname: p.node ?? '',
          gpu: String(gpu),
          UUID: `GPU-${p.pod}-${gpu}`,
          pod: p.pod,
          namespace: p.ns,
        },
        (t) => (p.on(t) ? (gpu < p.busy(t) ? 0.85 : 0.01) : null),
      );
    }
  }
  for (const [ns, team] of [
    ['llm-train', 'research'],
    ['notebooks', 'data-science'],
    ['llm-serving', 'inference'],
  ]) {
    push('kube_namespace_labels', { ...cluster, namespace: ns ?? '', label_team: team ?? '' }, () => 1);
  }
  // The European cluster has no kube-state-metrics: Fleetscope's own gauge stands in.
  const eu = nodes.eu[0];
  if (eu !== undefined) {
    push(
      'fleetscope_gpu_allocated',
      { cluster: EU, pool: eu.pool, namespace: 'inference-eu', team: 'inference' },
      () => 4,
    );
    for (let gpu = 0; gpu < 4; gpu++) {
      push(
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        {
          cluster: EU,
          Hostname: eu.name,
          gpu: String(gpu),
          UUID: `GPU-eu-${gpu}`,
          pod: 'serve-eu',
          namespace: 'inference-eu',
        },
        (t) => (gpu < 1 + (hourOf(t) >= 7 && hourOf(t) < 22 ? 2 : 0) ? 0.7 : 0.02),
      );
    }
  }
  return out;
}

describe('the Manager view with a week of Prometheus history', () => {
  let sim: FleetServers;
  let prometheus: PrometheusServer;
  let server: DemoServer;
  let kubeconfig = '';

  beforeAll(async () => {
    const fleet = createFleet({ seed: 42, size: 'demo', clock: systemClock });
    const gpuNodes = (cluster: string) =>
      (fleet.clusters.find((c) => c.name === cluster)?.list('nodes') ?? [])
        .filter((n) => n.metadata.labels?.['nvidia.com/gpu.product'])
        .map((n) => {
          const labels = n.metadata.labels ?? {};
          return {
            name: n.metadata.name ?? '',
            pool:
              labels['karpenter.sh/nodepool'] ??
              labels['cloud.google.com/gke-nodepool'] ??
              labels['eks.amazonaws.com/nodegroup'] ??
              '',
          };
        });
    const end = Math.floor(Date.now() / HALF_HOUR) * HALF_HOUR;
    const history = weekOfHistory({ us: gpuNodes(US), eu: gpuNodes(EU) }, end);
    kubeconfig = join(REPO, 'artifacts', `manager-e2e-${process.pid}.kubeconfig`);
    mkdirSync(join(REPO, 'artifacts'), { recursive: true });
    sim = await startFleetServers(fleet, { kubeconfig, latencyScale: 0.01 });
    prometheus = await startPrometheus({
      jobs: [],
      retention: '30d',
      prepareDataDir: (dir) => backfill(dir, history),
    });
    server = await startDemoServer({
      FLEETSCOPE_KUBECONFIG: kubeconfig,
      FLEETSCOPE_CONTEXTS: fleet.clusters.map((c) => c.name).join(','),
      FLEETSCOPE_PROMETHEUS_URL: prometheus.url,
      FLEETSCOPE_PROMETHEUS_CLUSTER_LABEL: 'cluster',
      FLEETSCOPE_GPU_PRICES: 'h100=2.5,a100=1.2',
      FLEETSCOPE_PROBE_INTERVAL_SECONDS: '0',
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await prometheus?.stop();
    await sim?.close();
    if (kubeconfig !== '') rmSync(kubeconfig, { force: true });
  });

  for (const size of [
    { name: '1080p', viewport: { width: 1920, height: 1080 }, scale: 1 },
    { name: '4k', viewport: { width: 1920, height: 1080 }, scale: 2 },
  ]) {
    it(`reads reserved vs busy GPU-hours, idle cost and the trend at ${size.name}`, async () => {
      const page = await browser.newPage({ viewport: size.viewport, deviceScaleFactor: size.scale });
      await page.goto(`${server.url}/#/manager`);
      const headline = page.getByTestId('manager-headline');
      await headline.waitFor({ timeout: 60_000 });
      // Pools come from the watch: wait until the history's nodes all have theirs.
      await expect
        .poll(
          async () => {
            await page.reload();
            await headline.waitFor({ timeout: 30_000 });
            return page.getByText('Machines no longer in the cluster').count();
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe(0);
      expect(await headline.textContent()).toMatch(
        /^Last 7 days, workloads reserved [\d,]+ GPU-hours; the GPUs were actually busy for [\d,]+ GPU-hours of them \(\d+%\)\. [\d,]+ GPU-hours were reserved but sat idle, costing about [\d,]+\.$/,
      );
      // The chart draws once its container is measured.
      await expect
        .poll(() => page.getByTestId('usage-chart').locator('.recharts-area').count(), { timeout: 10_000 })
        .toBe(2);
      const rows = page.getByTestId('manager-group-row');
      expect(await rows.count()).toBeGreaterThanOrEqual(3);
      // The cluster without kube-state-metrics and the one without any GPU history are said, not zeroed.
      await expect
        .poll(() => page.getByTestId('manager-note').allTextContents())
        .toEqual(expect.arrayContaining([expect.stringMatching(/^openb: no allocation history/)]));
      await shoot(page, `manager-${size.name}`);
      // By team: namespaces without a team label are their own team.
      await page.getByTestId('manager-group').getByText('Team', { exact: true }).click();
      await expect
        .poll(() => page.getByTestId('manager-groups').locator('th[scope="row"]').allTextContents(), {
          timeout: 30_000,
        })
        .toEqual(expect.arrayContaining(['research', 'data-science', 'inference', 'batch-eval']));
      // The whole page, table included.
      if (size.name === '1080p')
        await page.screenshot({ path: join(IMAGES, 'manager-teams-1080p-full.png'), fullPage: true });
      await page.close();
      // Waiting for the watch to know every node may take a while on a loaded machine.
    }, 150_000);
  }
});
