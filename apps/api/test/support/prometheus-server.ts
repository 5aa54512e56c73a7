import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Test harness: a real Prometheus (Debian's 2.42 at /usr/bin/prometheus) on 127.0.0.1, with a temp
 * TSDB and a generated config scraping what the test names. Tests that need it FAIL when it is missing:
 * a skipped integration test looks like a passing one.
 */

export interface ScrapeJob {
  name: string;
  /** host:port */
  targets: string[];
  metricsPath?: string;
  /** Further target groups with their own labels (e.g. cluster, instance, __metrics_path__). */
  staticConfigs?: Array<{ targets: string[]; labels?: Record<string, string> }>;
}

export interface PrometheusServerOptions {
  jobs: ScrapeJob[];
  /** Default 1. Scrape timeout equals the interval (Prometheus rejects a longer one). */
  scrapeIntervalSeconds?: number;
  /** Default: $PROMETHEUS_BIN, /usr/bin/prometheus, then PATH. */
  binary?: string;
  readyTimeoutMs?: number;
  /** TSDB retention (default 1h); backfilled history needs more. */
  retention?: string;
  /** Further Prometheus flags (e.g. --query.lookback-delta=30s). */
  extraArgs?: string[];
  /** Runs before Prometheus starts, with its (empty) TSDB folder: backfill blocks there. */
  prepareDataDir?: (dataDir: string) => Promise<void>;
}

export interface PrometheusServer {
  url: string;
  stop(): Promise<void>;
}

export const PROMETHEUS_INSTALL_HINT = 'sudo apt-get install -y --no-install-recommends prometheus';

export async function startPrometheus(options: PrometheusServerOptions): Promise<PrometheusServer> {
  const binary = findPrometheus(options.binary);
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const dir = await mkdtemp(join(tmpdir(), 'fleetscope-prometheus-'));
  // JSON is YAML: no YAML library needed.
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    scrape_configs: options.jobs.map((job) => ({
      job_name: job.name,
      metrics_path: job.metricsPath ?? '/metrics',
      static_configs: [
        ...(job.targets.length > 0 ? [{ targets: job.targets }] : []),
        ...(job.staticConfigs ?? []),
      ],
    })),
  };
  const configPath = join(dir, 'prometheus.yml');
  await writeFile(configPath, JSON.stringify(config, null, 2));

  if (options.prepareDataDir) {
    try {
      await options.prepareDataDir(join(dir, 'data'));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--storage.tsdb.retention.time=${options.retention ?? '1h'}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // Never leave a Prometheus behind, even when the test process dies mid-test.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitReady(url, child, () => stderr, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

function findPrometheus(explicit: string | undefined): string {
  const candidates = (
    explicit !== undefined
      ? [explicit]
      : [
          process.env.PROMETHEUS_BIN,
          '/usr/bin/prometheus',
          ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'prometheus')),
        ]
  ).filter((c): c is string => c !== undefined && c !== '');
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `prometheus binary not found (looked in ${candidates.slice(0, 3).join(', ')}); install it: ${PROMETHEUS_INSTALL_HINT}`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function waitReady(
  url: string,
  child: ChildProcess,
  stderr: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`prometheus ${exited} before becoming ready:\n${stderr()}`);
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus at ${url} not ready after ${timeoutMs} ms:\n${stderr()}`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
