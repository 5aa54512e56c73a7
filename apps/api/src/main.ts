// Tracing first: it must patch node:http before anything loads it (a side-effect import keeps its place).
import './telemetry/tracing.ts';

import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAuthContext } from './auth/create-authenticator.ts';
import { CONFIG_HELP, ConfigError, parseConfig, wantsHelp } from './config/app-config.ts';
import { startEmbeddedFleet } from './demo/embedded-fleet.ts';
import { checkCanListen, ListenError } from './http/listen-error.ts';
import { SHUTDOWN_GRACE_MS, startServer } from './server.ts';
import type { ConfiguredDcgmSource } from './sources/dcgm/dcgm-sources.ts';
import { PrometheusDcgmSource } from './sources/dcgm/prometheus-dcgm.source.ts';
import { resolveKubeTargets } from './sources/kubernetes/kube-targets.ts';
import type { ConfiguredMetricsSource } from './sources/metrics/tokens.ts';
import { PrometheusSource } from './sources/prometheus/prometheus.source.ts';
import { checkPrometheusClusters } from './sources/prometheus/prometheus-config.ts';
import { JsonLogger } from './telemetry/json-logger.ts';
import { shutdownTracing } from './telemetry/tracing.ts';

// Runs from apps/api/src or, compiled, apps/api/dist/apps/api/src; the web build is at apps/web/dist.
const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = here.slice(0, here.indexOf(`${sep}apps${sep}api${sep}`));

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(CONFIG_HELP);
    return 0;
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(argv, process.env, { webDist: resolve(repoRoot, 'apps/web/dist') });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fleetscope: ${error.message}\n\n${CONFIG_HELP}`);
      return 2;
    }
    throw error;
  }
  try {
    // Before the demo fleet and the watches start: a taken port is the commonest failed start.
    await checkCanListen(config.host, config.port);
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`fleetscope: ${error.message}\n`);
    return 2;
  }
  const logger = new JsonLogger(config.logLevel);
  let closeDemo: () => Promise<void> = async () => {};
  let targets: ReturnType<typeof resolveKubeTargets>;
  let metrics: ConfiguredMetricsSource = null;
  let dcgm: ConfiguredDcgmSource = null;
  try {
    if (config.source === 'demo') {
      const demo = await startEmbeddedFleet(config.demoSeed);
      closeDemo = demo.close;
      metrics = demo.metrics;
      dcgm = demo.dcgm;
      targets = { kubeconfigPath: demo.kubeconfigPath, contexts: demo.contexts };
      logger.info('embedded simulated fleet started', {
        kubeconfig: demo.kubeconfigPath,
        clusters: demo.contexts,
      });
    } else {
      targets = resolveKubeTargets(config.kubeconfigPath ?? '', config.contexts);
      if (config.prometheus) {
        const problems = checkPrometheusClusters(config.prometheus, targets.contexts);
        if (problems.length > 0) throw new Error(problems.join('; '));
        metrics = new PrometheusSource({ config: config.prometheus, logger });
        // DCGM-exporter series live in the same Prometheus as the control-plane metrics.
        dcgm = new PrometheusDcgmSource({ config: config.prometheus });
      }
    }
    // Kubernetes RBAC mode: the cluster that answers TokenReview must be one of the kubeconfig's.
    if (config.access.kubernetes) checkAuthContext(targets, config.access.kubernetes.context);
  } catch (error) {
    process.stderr.write(`fleetscope: ${(error as Error).message}\n`);
    await closeDemo();
    return 2;
  }
  const { access } = config;
  if (access.anonymous && access.tokens.length === 0 && access.proxyHeader === null) {
    logger.warn('no authentication configured: anyone who can reach this port can read the API', {
      hint: 'use --auth-tokens-file or --auth-proxy-header (and --anonymous only for wall screens)',
    });
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ config, targets, logger, metrics, dcgm });
  } catch (error) {
    await closeDemo();
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`fleetscope: ${error.message}\n`);
    return 2;
  }
  logger.info('fleetscope listening', {
    url: server.url,
    graphql: `${server.url}/graphql`,
    web: server.webServed ? server.url : 'not built (run npm run build)',
  });
  process.stdout.write(`Fleetscope is up: ${server.url}  (GraphQL: ${server.url}/graphql)\n`);
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  logger.info('shutting down', { signal, graceMs: SHUTDOWN_GRACE_MS });
  // The last resort if something other than a socket (a hook, the demo fleet) hangs the shutdown.
  setTimeout(() => {
    process.stderr.write('fleetscope: shutdown did not finish in time; exiting\n');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS + 5_000).unref();
  await server.close();
  await closeDemo();
  await shutdownTracing();
  return 0;
}

process.exitCode = await main();
