import { SIGNAL_NAMES, type SignalName } from '@fleetscope/types';
import {
  DEFAULT_JOBS,
  DEFAULT_WINDOW,
  type JobKey,
  PROMETHEUS_SIGNALS,
  type PrometheusJobs,
} from './catalog.ts';

/** Where each cluster's control-plane metrics are and how to query them. */
export interface PrometheusConfig {
  /** One Prometheus per cluster (cluster name = kubeconfig context). Null when none given. */
  urls: Record<string, string> | null;
  /** One Prometheus for every cluster not in `urls`. */
  sharedUrl: string | null;
  /**
   * Label that tells clusters apart on the shared Prometheus (e.g. "cluster"), injected into every
   * selector. Null: the shared Prometheus holds a single cluster, nothing is injected.
   */
  clusterLabel: string | null;
  jobs: PrometheusJobs;
  /** Rate window, a Prometheus duration. */
  window: string;
  timeoutMs: number;
  retries: number;
  /** Queries in flight per collection. */
  concurrency: number;
  /** PromQL templates replacing the catalog's (same placeholders). */
  queries: Partial<Record<SignalName, string>>;
}

export const DEFAULT_PROMETHEUS_CONFIG: Omit<PrometheusConfig, 'urls' | 'sharedUrl'> = {
  clusterLabel: null,
  jobs: DEFAULT_JOBS,
  window: DEFAULT_WINDOW,
  timeoutMs: 5_000,
  retries: 2,
  concurrency: 6,
  queries: {},
};

/** Flags taking a value, for the main parser's list of known flags. All but the URL are optional. */
export const PROMETHEUS_FLAGS_WITH_VALUE = [
  'prometheus-url',
  'prometheus-cluster-label',
  'prometheus-job',
  'prometheus-window',
  'prometheus-timeout',
  'prometheus-retries',
  'prometheus-query',
] as const;

export const PROMETHEUS_CONFIG_HELP = `Control-plane metrics (Prometheus HTTP API; any compatible endpoint):
  --prometheus-url <url>            FLEETSCOPE_PROMETHEUS_URL (a,b,…)  shared Prometheus for all clusters
  --prometheus-url <cluster>=<url>                                     Prometheus of one cluster; repeatable
  --prometheus-cluster-label <l>    FLEETSCOPE_PROMETHEUS_CLUSTER_LABEL  label telling clusters apart on the
                                                                       shared Prometheus (default: none)
  --prometheus-job <key>=<job>      FLEETSCOPE_PROMETHEUS_JOBS (a=b,…)   job label per component; keys apiserver,
                                                                       etcd, scheduler, controller-manager
  --prometheus-window <dur>         FLEETSCOPE_PROMETHEUS_WINDOW       rate window (default 5m)
  --prometheus-timeout <s>          FLEETSCOPE_PROMETHEUS_TIMEOUT_SECONDS  per request (default 5)
  --prometheus-retries <n>          FLEETSCOPE_PROMETHEUS_RETRIES      retries on network errors/5xx (default 2)
  --prometheus-query <signal>=<q>                                      replace a signal's PromQL; repeatable
`;

type Env = Record<string, string | undefined>;

const JOB_FLAG_KEYS: Record<string, JobKey> = {
  apiserver: 'apiserver',
  etcd: 'etcd',
  scheduler: 'scheduler',
  'controller-manager': 'controllerManager',
};

const PROMETHEUS_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Reads the Prometheus settings from command-line flags and environment (flags win). Flags other
 * than `--prometheus-*` are left to the main parser. `config` is null when no Prometheus is configured;
 * every problem is reported with the flag to fix.
 */
export function parsePrometheusFlags(
  argv: readonly string[],
  env: Env,
): { config: PrometheusConfig | null; problems: string[] } {
  const problems: string[] = [];
  const flags = collectFlags(argv, problems);
  const list = (name: string, envName: string): string[] =>
    flags.get(name) ??
    (env[envName] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const single = (name: string, envName: string): string | undefined =>
    flags.get(name)?.at(-1) ?? env[envName];

  let sharedUrl: string | null = null;
  let urls: Record<string, string> | null = null;
  for (const raw of list('prometheus-url', 'FLEETSCOPE_PROMETHEUS_URL')) {
    const pair = /^(.+?)=(https?:\/\/.*)$/i.exec(raw);
    const url = checkUrl(pair ? (pair[2] ?? '') : raw, problems);
    if (url === null) continue;
    if (!pair) {
      if (sharedUrl !== null && sharedUrl !== url) {
        problems.push(
          `--prometheus-url: only one shared URL (got ${sharedUrl} and ${url}); use <cluster>=<url>`,
        );
      }
      sharedUrl = url;
      continue;
    }
    const cluster = pair[1] ?? '';
    urls ??= {};
    if (urls[cluster] !== undefined && urls[cluster] !== url) {
      problems.push(`--prometheus-url: cluster "${cluster}" given twice`);
    }
    urls[cluster] = url;
  }

  const labelRaw = single('prometheus-cluster-label', 'FLEETSCOPE_PROMETHEUS_CLUSTER_LABEL');
  let clusterLabel: string | null = null;
  if (labelRaw !== undefined && labelRaw !== '') {
    if (LABEL_NAME.test(labelRaw)) clusterLabel = labelRaw;
    else problems.push(`--prometheus-cluster-label must be a Prometheus label name, got "${labelRaw}"`);
  }
  if (clusterLabel !== null && sharedUrl === null) {
    problems.push('--prometheus-cluster-label only applies to a shared --prometheus-url <url>');
  }

  const jobs: PrometheusJobs = { ...DEFAULT_JOBS };
  for (const raw of list('prometheus-job', 'FLEETSCOPE_PROMETHEUS_JOBS')) {
    const [key, job] = splitPair(raw);
    const jobKey = JOB_FLAG_KEYS[key];
    if (jobKey === undefined || job === '') {
      problems.push(
        `--prometheus-job must be <component>=<job> with component one of ${Object.keys(JOB_FLAG_KEYS).join(', ')}, got "${raw}"`,
      );
      continue;
    }
    jobs[jobKey] = job;
  }

  const window = single('prometheus-window', 'FLEETSCOPE_PROMETHEUS_WINDOW') ?? DEFAULT_WINDOW;
  if (!PROMETHEUS_DURATION.test(window)) {
    problems.push(`--prometheus-window must be a Prometheus duration like 5m or 30s, got "${window}"`);
  }

  const timeoutRaw = single('prometheus-timeout', 'FLEETSCOPE_PROMETHEUS_TIMEOUT_SECONDS');
  const timeoutSeconds = number(timeoutRaw, 5, 0.1, 300, '--prometheus-timeout (seconds)', problems, false);
  const retriesRaw = single('prometheus-retries', 'FLEETSCOPE_PROMETHEUS_RETRIES');
  const retries = number(retriesRaw, 2, 0, 10, '--prometheus-retries', problems, true);

  const queries: Partial<Record<SignalName, string>> = {};
  for (const raw of flags.get('prometheus-query') ?? []) {
    const [name, query] = splitPair(raw);
    if (!isSignalName(name) || !PROMETHEUS_SIGNALS.includes(name)) {
      problems.push(`--prometheus-query: "${name}" is not a Prometheus-backed signal`);
    } else if (query.trim() === '') {
      problems.push(`--prometheus-query ${name}= needs a PromQL expression`);
    } else {
      queries[name] = query;
    }
  }

  const configured = sharedUrl !== null || urls !== null;
  if (!configured) {
    const extra = [...flags.keys()].filter((f) => f !== 'prometheus-url');
    if (extra.length > 0) problems.push(`--${extra[0]} needs --prometheus-url`);
  }
  return {
    config: configured
      ? {
          ...DEFAULT_PROMETHEUS_CONFIG,
          urls,
          sharedUrl,
          clusterLabel,
          jobs,
          window,
          timeoutMs: Math.round(timeoutSeconds * 1000),
          retries,
          queries,
        }
      : null,
    problems,
  };
}

/**
 * Cross-checks the Prometheus settings against the clusters actually watched. A shared Prometheus
 * serving several clusters without a cluster label would show one cluster's numbers for all of them.
 */
export function checkPrometheusClusters(config: PrometheusConfig, clusters: readonly string[]): string[] {
  const problems: string[] = [];
  const mapped = config.urls ?? {};
  for (const cluster of Object.keys(mapped)) {
    if (!clusters.includes(cluster)) {
      problems.push(
        `--prometheus-url names cluster "${cluster}", which is not watched (${clusters.join(', ')})`,
      );
    }
  }
  const onShared = clusters.filter((c) => mapped[c] === undefined);
  if (config.sharedUrl !== null && config.clusterLabel === null && onShared.length > 1) {
    problems.push(
      `clusters ${onShared.join(', ')} share --prometheus-url ${config.sharedUrl}: set --prometheus-cluster-label ` +
        'or give each its own --prometheus-url <cluster>=<url>',
    );
  }
  return problems;
}

/** The Prometheus serving a cluster and whether the cluster label must be injected, or null if none. */
export function prometheusFor(
  config: PrometheusConfig,
  cluster: string,
): { url: string; clusterLabel: string | null } | null {
  const own = config.urls?.[cluster];
  if (own !== undefined) return { url: own, clusterLabel: null };
  if (config.sharedUrl !== null) return { url: config.sharedUrl, clusterLabel: config.clusterLabel };
  return null;
}

function collectFlags(argv: readonly string[], problems: string[]): Map<string, string[]> {
  const known = new Set<string>(PROMETHEUS_FLAGS_WITH_VALUE);
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--prometheus-')) continue;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!known.has(name)) {
      problems.push(`unknown flag --${name}`);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) {
      problems.push(`--${name} needs a value`);
      continue;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return flags;
}

function checkUrl(raw: string, problems: string[]): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`--prometheus-url must be an http(s) URL or <cluster>=<url>, got "${raw}"`);
    return null;
  }
}

function splitPair(raw: string): [string, string] {
  const eq = raw.indexOf('=');
  return eq === -1 ? [raw, ''] : [raw.slice(0, eq), raw.slice(eq + 1)];
}

function number(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  problems: string[],
  integer: boolean,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    problems.push(
      `${name} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${raw}"`,
    );
    return fallback;
  }
  return n;
}

function isSignalName(name: string): name is SignalName {
  return (SIGNAL_NAMES as readonly string[]).includes(name);
}
