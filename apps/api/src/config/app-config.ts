import { readFileSync } from 'node:fs';
import { type GpuPrice, parseGpuPrices } from '@fleetscope/diagnostics';
import { DEFAULT_GPU_BUSY_THRESHOLD } from '@fleetscope/types';
import { type AccessPolicy, type KubernetesAuthConfig, PROXY_SECRET_HEADER } from '../auth/access-policy.ts';
import { parseTrustedPeers, type TrustedPeers } from '../auth/trusted-peers.ts';
import { defaultAllowedHosts } from '../graphql/guards/request-origin.ts';
import {
  parseShardConfig,
  SHARD_CONFIG_HELP,
  SHARD_FLAGS_WITH_VALUE,
  type ShardConfig,
} from '../sharding/shard-config.ts';
import {
  PROMETHEUS_CONFIG_HELP,
  PROMETHEUS_FLAGS_WITH_VALUE,
  type PrometheusConfig,
  parsePrometheusFlags,
} from '../sources/prometheus/prometheus-config.ts';

/**
 * Typed configuration, parsed once at start from command-line flags and environment variables
 * (flags win). Every problem is collected and reported together with the flag/variable to fix.
 */
export interface AppConfig {
  host: string;
  port: number;
  /** demo: the embedded simulated fleet; kubeconfig: real clusters. */
  source: 'demo' | 'kubeconfig';
  kubeconfigPath: string | null;
  /** Contexts to watch; empty means the kubeconfig's current context. */
  contexts: string[];
  demoSeed: number;
  /** A watched resource with no event for this long is stale (its data shown as UNKNOWN). */
  staleAfterMs: number;
  /** Changes are batched this long before summaries are recomputed (the documented debounce). */
  debounceMs: number;
  /** Summaries are re-evaluated at least this often so staleness is noticed without events. */
  recomputeIntervalMs: number;
  /**
   * How often discovery asks again whether an optional API group (Gateway API, Kueue) is served: a CRD
   * installed or deleted after start is picked up within this (a watch answering 404 asks at once).
   */
  optionalApiRecheckMs: number;
  /** Minimum interval between two subscription messages to one subscriber (the newest wins). */
  pushIntervalMs: number;
  /** Bytes of serialized query answers kept (graphql/answer-cache); 0 disables the cache. */
  answerCacheBytes: number;
  /** Folder of the built web app; null disables serving it. */
  webDist: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Control-plane metrics; null when no --prometheus-url is given (the demo uses the simulator's). */
  prometheus: PrometheusConfig | null;
  /** How often control-plane signals are collected. */
  metricsIntervalMs: number;
  probes: ProbeConfig;
  access: AccessPolicy;
  /** Host header names served (port ignored); null serves any. Checked on HTTP and websocket upgrades. */
  allowedHosts: string[] | null;
  /** Page origins allowed to open the websocket besides the page's own ("*": any). */
  allowedOrigins: string[];
  /** Clusters sharded over replicas; null (the default) watches every cluster in this process. */
  sharding: ShardConfig | null;
  /** GPU allocation-vs-use history (Query.gpuUsageHistory). */
  gpuHistory: GpuHistoryConfig;
}

/** How GPU usage history is judged and priced. */
export interface GpuHistoryConfig {
  /** Price per GPU-hour per SKU (`--gpu-price h100=2.5,a100=1.2`); empty: idle time has no cost. */
  prices: GpuPrice[];
  /** Engine activity at or above this share (0..1) counts a GPU as used. */
  busyThreshold: number;
  /** Namespace label naming the team (kube-state-metrics: label_<name>); a namespace without it is its own team. */
  teamLabel: string;
}

/** Synthetic API probes. Read and admission (dry-run) probes persist nothing; write+watch is opt-in. */
export interface ProbeConfig {
  enabled: boolean;
  intervalMs: number;
  timeoutMs: number;
  /** The tool's own namespace: the only place a probe ever writes (and only with `write`). */
  namespace: string;
  write: boolean;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const CONFIG_HELP = `Usage: fleetscope-api [options]

  --port <n>             PORT                          HTTP port (default 4000)
  --host <addr>          HOST                          listen address (default 127.0.0.1)
  --kubeconfig <path>    FLEETSCOPE_KUBECONFIG         watch real clusters from this kubeconfig
  --context <name>       FLEETSCOPE_CONTEXTS (a,b,c)   context to watch; repeat for several (default: current)
  --demo                 FLEETSCOPE_DEMO=1             embedded simulated fleet (default without --kubeconfig)
  --seed <n>             FLEETSCOPE_SIM_SEED           simulated fleet seed (default 42)
  --stale-after <s>      FLEETSCOPE_STALE_AFTER_SECONDS  data older than this is stale (default 120)
  --debounce-ms <ms>     FLEETSCOPE_DEBOUNCE_MS        batch changes before recomputing (default 250)
  --optional-api-recheck-ms <ms> FLEETSCOPE_OPTIONAL_API_RECHECK_MS  ask discovery again whether the
                                                       Gateway API / Kueue CRDs are served (default 300000)
  --push-interval-ms <ms> FLEETSCOPE_PUSH_INTERVAL_MS  least time between two subscription messages to one
                                                       subscriber; the newest wins (default 1000)
  --answer-cache-mb <n>  FLEETSCOPE_ANSWER_CACHE_MB    MiB of serialized query answers kept per version of
                                                       what they read (default 32; 0 disables)
  --web-dist <dir>       FLEETSCOPE_WEB_DIST           built web app to serve ("" disables)
  --log-level <level>    FLEETSCOPE_LOG_LEVEL          debug | info | warn | error (default info)
  --metrics-interval <s> FLEETSCOPE_METRICS_INTERVAL_SECONDS  control-plane signal collection (default 15)
  --probe-interval <s>   FLEETSCOPE_PROBE_INTERVAL_SECONDS    synthetic API probes; 0 disables (default 30)
  --probe-namespace <ns> FLEETSCOPE_PROBE_NAMESPACE           the tool's own namespace (default fleetscope)
  --probe-write          FLEETSCOPE_PROBE_WRITE=1             opt in to the write + watch probe (writes one
                                                              ConfigMap in the probe namespace)
  --auth-tokens-file <f> FLEETSCOPE_AUTH_TOKENS_FILE          bearer tokens, one per line
  --auth-proxy-header <h> FLEETSCOPE_AUTH_PROXY_HEADER        trusted proxy's user header (e.g. x-forwarded-user);
                                                              beyond loopback it needs one or both of:
  --auth-proxy-trusted <cidr> FLEETSCOPE_AUTH_PROXY_TRUSTED (a,b) addresses the proxy connects from; repeatable
  --auth-proxy-secret-file <f> FLEETSCOPE_AUTH_PROXY_SECRET_FILE  secret the proxy sends in ${PROXY_SECRET_HEADER}
  --auth-kubernetes-context <ctx> FLEETSCOPE_AUTH_KUBERNETES_CONTEXT  Kubernetes RBAC mode: bearer tokens checked
                                                              with TokenReview on this context's cluster; each
                                                              user sees the clusters where they may list pods
  --auth-kubernetes-audiences <a,b> FLEETSCOPE_AUTH_KUBERNETES_AUDIENCES  audiences TokenReview must confirm
  --anonymous            FLEETSCOPE_ANONYMOUS=1               allow unauthenticated reads (wall screens); the
                                                              default only when no auth is configured
  --allowed-hosts <a,b>  FLEETSCOPE_ALLOWED_HOSTS             Host header names served, "*" for any (default:
                                                              loopback names on loopback, any on 0.0.0.0)
  --allowed-origins <a,b> FLEETSCOPE_ALLOWED_ORIGINS          page origins that may open the websocket besides
                                                              the page's own, "*" for any

${PROMETHEUS_CONFIG_HELP}

${SHARD_CONFIG_HELP}

GPU usage history (needs Prometheus with kube-state-metrics or fleetscope_gpu_allocated, and DCGM-exporter):
  --gpu-price <sku>=<price>  FLEETSCOPE_GPU_PRICES (a=1,b=2)   price per GPU-hour, e.g. h100=2.5,a100=1.2 (a
                                                              product name or one of its words); repeatable
  --gpu-busy-threshold <r>   FLEETSCOPE_GPU_BUSY_THRESHOLD    engine activity (0..1) from which a GPU counts as
                                                              used: history, Fleet.gpu, heatmap, /metrics
                                                              (default ${DEFAULT_GPU_BUSY_THRESHOLD})
  --gpu-team-label <label>   FLEETSCOPE_GPU_TEAM_LABEL        namespace label naming the team (default team)
`;

type Env = Record<string, string | undefined>;

const FLAGS_WITH_VALUE = new Set([
  'port',
  'host',
  'kubeconfig',
  'context',
  'seed',
  'stale-after',
  'debounce-ms',
  'optional-api-recheck-ms',
  'push-interval-ms',
  'answer-cache-mb',
  'web-dist',
  'log-level',
  'metrics-interval',
  'probe-interval',
  'probe-namespace',
  'auth-tokens-file',
  'auth-proxy-header',
  'auth-proxy-trusted',
  'auth-proxy-secret-file',
  'auth-kubernetes-context',
  'auth-kubernetes-audiences',
  'allowed-hosts',
  'allowed-origins',
  'gpu-price',
  'gpu-busy-threshold',
  'gpu-team-label',
  ...PROMETHEUS_FLAGS_WITH_VALUE,
  ...SHARD_FLAGS_WITH_VALUE,
]);
const BOOLEAN_FLAGS = new Set(['demo', 'help', 'probe-write', 'anonymous']);

export function parseConfig(
  argv: readonly string[],
  env: Env,
  defaults: { webDist: string | null },
): AppConfig {
  const problems: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (BOOLEAN_FLAGS.has(rawName)) {
      // `--anonymous=false` must not switch anonymous access on: boolean flags take no value.
      if (inline !== undefined) problems.push(`--${rawName} takes no value (got "${inline}")`);
      else flags.set(rawName, ['true']);
      continue;
    }
    if (!FLAGS_WITH_VALUE.has(rawName)) {
      problems.push(`unknown flag --${rawName}`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      problems.push(`--${rawName} needs a value`);
      continue;
    }
    flags.set(rawName, [...(flags.get(rawName) ?? []), value]);
  }
  const flag = (name: string): string | undefined => flags.get(name)?.at(-1);
  /** A boolean from a flag or an environment variable; anything but 1/true/0/false/"" is an error. */
  const bool = (name: string, envName: string): boolean => {
    if (flags.has(name)) return true;
    const raw = (env[envName] ?? '').trim().toLowerCase();
    if (raw === '' || raw === '0' || raw === 'false') return false;
    if (raw === '1' || raw === 'true') return true;
    problems.push(`${envName} must be 1, true, 0 or false, got "${env[envName]}"`);
    return false;
  };
  /** An environment value, with the empty string read as unset. */
  const envValue = (name: string): string | undefined => (env[name]?.trim() ? env[name] : undefined);

  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };

  const kubeconfigPath = flag('kubeconfig') ?? envValue('FLEETSCOPE_KUBECONFIG') ?? null;
  const demo = bool('demo', 'FLEETSCOPE_DEMO');
  if (demo && kubeconfigPath) problems.push('--demo and --kubeconfig exclude each other');
  const contexts = flags.get('context') ?? splitList(env.FLEETSCOPE_CONTEXTS);
  if (contexts.length > 0 && !kubeconfigPath)
    problems.push('--context needs --kubeconfig (or FLEETSCOPE_KUBECONFIG)');

  const logLevel = flag('log-level') ?? env.FLEETSCOPE_LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    problems.push(`--log-level must be debug, info, warn or error, got "${logLevel}"`);
  }
  const webDistRaw = flag('web-dist') ?? env.FLEETSCOPE_WEB_DIST;
  const tokensFile = flag('auth-tokens-file') ?? envValue('FLEETSCOPE_AUTH_TOKENS_FILE');
  let tokens: string[] = [];
  if (tokensFile) {
    try {
      tokens = readFileSync(tokensFile, 'utf8')
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t !== '' && !t.startsWith('#'));
      if (tokens.length === 0) problems.push(`--auth-tokens-file ${tokensFile} holds no token`);
    } catch (error) {
      problems.push(
        `--auth-tokens-file ${tokensFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const proxyHeader =
    (flag('auth-proxy-header') ?? env.FLEETSCOPE_AUTH_PROXY_HEADER ?? '').trim().toLowerCase() || null;
  const kubernetesAuth = readKubernetesAuth(flags, env, problems);
  if (kubernetesAuth && tokensFile !== undefined) {
    problems.push(
      '--auth-kubernetes-context checks bearer tokens with the cluster (TokenReview), so --auth-tokens-file would never be read: drop one',
    );
  }
  if (kubernetesAuth && proxyHeader !== null) {
    problems.push(
      '--auth-kubernetes-context and --auth-proxy-header are two ways to say who the user is: choose one',
    );
  }
  const authConfigured = tokensFile !== undefined || proxyHeader !== null || kubernetesAuth !== null;
  const host = flag('host') ?? envValue('HOST') ?? '127.0.0.1';
  const explicitAnonymous = bool('anonymous', 'FLEETSCOPE_ANONYMOUS');
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  if (!authConfigured && !explicitAnonymous && !loopback) {
    problems.push(
      `listening on ${host} without authentication: pass --auth-tokens-file, --auth-proxy-header or --auth-kubernetes-context, or --anonymous for wall screens on a trusted network`,
    );
  }
  if (authConfigured && explicitAnonymous) {
    problems.push(
      '--anonymous admits every client, so --auth-tokens-file / --auth-proxy-header / --auth-kubernetes-context would check nothing: drop one',
    );
  }
  const proxyTrust = readProxyTrust(flags.get('auth-proxy-trusted'), flag('auth-proxy-secret-file'), env);
  problems.push(...proxyTrust.problems);
  if (proxyHeader === null && (proxyTrust.peers !== null || proxyTrust.secretFile !== undefined)) {
    problems.push('--auth-proxy-trusted and --auth-proxy-secret-file need --auth-proxy-header');
  }
  if (proxyHeader !== null && !loopback && proxyTrust.peers === null && proxyTrust.secretFile === undefined) {
    problems.push(
      `--auth-proxy-header on ${host} would believe any client that sends ${proxyHeader}: add --auth-proxy-trusted <proxy CIDR> and/or --auth-proxy-secret-file, or listen on loopback`,
    );
  }
  // On loopback with no auth configured, reads are anonymous (a laptop demo); elsewhere only when asked.
  const anonymous = explicitAnonymous || (!authConfigured && loopback);
  const prometheus = parsePrometheusFlags(argv, env);
  // Both parsers see an unknown --prometheus-* flag; report it once.
  problems.push(...prometheus.problems.filter((p) => !problems.includes(p)));
  const probeIntervalSeconds = int(
    '--probe-interval / FLEETSCOPE_PROBE_INTERVAL_SECONDS',
    flag('probe-interval') ?? env.FLEETSCOPE_PROBE_INTERVAL_SECONDS,
    30,
    0,
    120,
  );
  const allowedHosts = (() => {
    const raw = flag('allowed-hosts') ?? envValue('FLEETSCOPE_ALLOWED_HOSTS');
    if (raw === undefined) return defaultAllowedHosts(host);
    const list = splitList(raw);
    if (list.length === 0)
      problems.push('--allowed-hosts / FLEETSCOPE_ALLOWED_HOSTS needs at least one host or "*"');
    return list.includes('*') ? null : list.map((h) => h.toLowerCase());
  })();
  const allowedOrigins = splitList(flag('allowed-origins') ?? envValue('FLEETSCOPE_ALLOWED_ORIGINS'));
  for (const origin of allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+\/?$/i.test(origin)) {
      problems.push(`--allowed-origins: "${origin}" is not an origin like https://wall.example.com`);
    }
  }
  const gpuHistory = readGpuHistory(flags, env, problems);
  const config: AppConfig = {
    host,
    port: int('--port / PORT', flag('port') ?? env.PORT, 4000, 0, 65535),
    source: kubeconfigPath ? 'kubeconfig' : 'demo',
    kubeconfigPath,
    contexts,
    demoSeed: int('--seed / FLEETSCOPE_SIM_SEED', flag('seed') ?? env.FLEETSCOPE_SIM_SEED, 42, 0, 2 ** 31),
    staleAfterMs:
      int(
        '--stale-after / FLEETSCOPE_STALE_AFTER_SECONDS',
        flag('stale-after') ?? env.FLEETSCOPE_STALE_AFTER_SECONDS,
        120,
        30,
        86_400,
      ) * 1000,
    debounceMs: int(
      '--debounce-ms / FLEETSCOPE_DEBOUNCE_MS',
      flag('debounce-ms') ?? env.FLEETSCOPE_DEBOUNCE_MS,
      250,
      0,
      60_000,
    ),
    recomputeIntervalMs: 5_000,
    optionalApiRecheckMs: int(
      '--optional-api-recheck-ms / FLEETSCOPE_OPTIONAL_API_RECHECK_MS',
      flag('optional-api-recheck-ms') ?? env.FLEETSCOPE_OPTIONAL_API_RECHECK_MS,
      300_000,
      100,
      86_400_000,
    ),
    pushIntervalMs: int(
      '--push-interval-ms / FLEETSCOPE_PUSH_INTERVAL_MS',
      flag('push-interval-ms') ?? env.FLEETSCOPE_PUSH_INTERVAL_MS,
      1_000,
      0,
      60_000,
    ),
    answerCacheBytes:
      int(
        '--answer-cache-mb / FLEETSCOPE_ANSWER_CACHE_MB',
        flag('answer-cache-mb') ?? env.FLEETSCOPE_ANSWER_CACHE_MB,
        32,
        0,
        4_096,
      ) *
      2 ** 20,
    webDist: webDistRaw === undefined ? defaults.webDist : webDistRaw === '' ? null : webDistRaw,
    logLevel: logLevel as AppConfig['logLevel'],
    prometheus: prometheus.config,
    metricsIntervalMs:
      int(
        '--metrics-interval / FLEETSCOPE_METRICS_INTERVAL_SECONDS',
        flag('metrics-interval') ?? env.FLEETSCOPE_METRICS_INTERVAL_SECONDS,
        15,
        1,
        120,
      ) * 1000,
    access: {
      tokens,
      proxyHeader,
      anonymous,
      proxyPeers: proxyTrust.peers,
      proxySecret: proxyTrust.secret,
      kubernetes: kubernetesAuth,
    },
    allowedHosts,
    allowedOrigins,
    sharding: parseShardConfig(flag, env, problems, { path: kubeconfigPath, contexts }),
    gpuHistory,
    probes: {
      enabled: probeIntervalSeconds > 0,
      intervalMs: probeIntervalSeconds * 1000,
      timeoutMs: 10_000,
      namespace: flag('probe-namespace') ?? env.FLEETSCOPE_PROBE_NAMESPACE ?? 'fleetscope',
      write: bool('probe-write', 'FLEETSCOPE_PROBE_WRITE'),
    },
  };
  problems.push(
    ...conflicts(config, { seedGiven: (flag('seed') ?? envValue('FLEETSCOPE_SIM_SEED')) !== undefined }),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Settings that were asked for but would be silently ignored next to another one. */
function conflicts(config: AppConfig, given: { seedGiven: boolean }): string[] {
  const problems: string[] = [];
  if (config.source === 'demo' && config.prometheus !== null) {
    problems.push(
      '--prometheus-url needs --kubeconfig: the demo fleet (--demo, or no --kubeconfig) brings its own simulated control-plane metrics',
    );
  }
  if (config.source === 'kubeconfig' && given.seedGiven) {
    problems.push('--seed only applies to the demo fleet, not with --kubeconfig');
  }
  if (config.probes.write && !config.probes.enabled) {
    problems.push('--probe-write needs probes running: --probe-interval is 0');
  }
  return problems;
}

/** The proxy's trusted peers and shared secret, each optional. */
function readProxyTrust(
  trustedFlags: string[] | undefined,
  secretFlag: string | undefined,
  env: Env,
): {
  peers: TrustedPeers | null;
  secret: string | null;
  secretFile: string | undefined;
  problems: string[];
} {
  const problems: string[] = [];
  const entries = (trustedFlags ?? [env.FLEETSCOPE_AUTH_PROXY_TRUSTED ?? '']).flatMap(splitList);
  const parsed = entries.length > 0 ? parseTrustedPeers(entries) : null;
  problems.push(...(parsed?.problems ?? []));
  const secretFile = secretFlag ?? (env.FLEETSCOPE_AUTH_PROXY_SECRET_FILE?.trim() || undefined);
  let secret: string | null = null;
  if (secretFile !== undefined) {
    try {
      secret = readFileSync(secretFile, 'utf8').trim();
      if (secret.length < 16) {
        problems.push(`--auth-proxy-secret-file ${secretFile} must hold a secret of at least 16 characters`);
      }
    } catch (error) {
      problems.push(
        `--auth-proxy-secret-file ${secretFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  return { peers: parsed?.peers ?? null, secret, secretFile, problems };
}

/** Kubernetes RBAC mode's auth cluster and audiences; null when the mode is off. Problems are collected. */
function readKubernetesAuth(
  flags: Map<string, string[]>,
  env: Env,
  problems: string[],
): KubernetesAuthConfig | null {
  const context = (
    flags.get('auth-kubernetes-context')?.at(-1) ??
    env.FLEETSCOPE_AUTH_KUBERNETES_CONTEXT ??
    ''
  ).trim();
  const audiences = (
    flags.get('auth-kubernetes-audiences') ?? [env.FLEETSCOPE_AUTH_KUBERNETES_AUDIENCES ?? '']
  ).flatMap(splitList);
  if (context === '') {
    if (audiences.length > 0) problems.push('--auth-kubernetes-audiences needs --auth-kubernetes-context');
    if (flags.has('auth-kubernetes-context')) problems.push('--auth-kubernetes-context needs a context name');
    return null;
  }
  return { context, audiences };
}

/** Prices, busy threshold and team label for GPU usage history; problems are collected, not thrown. */
function readGpuHistory(flags: Map<string, string[]>, env: Env, problems: string[]): GpuHistoryConfig {
  const priceEntries =
    flags.get('gpu-price') ?? (env.FLEETSCOPE_GPU_PRICES?.trim() ? [env.FLEETSCOPE_GPU_PRICES] : []);
  const parsed = parseGpuPrices(priceEntries.join(','));
  problems.push(...parsed.problems);
  const thresholdRaw = flags.get('gpu-busy-threshold')?.at(-1) ?? env.FLEETSCOPE_GPU_BUSY_THRESHOLD;
  let busyThreshold = DEFAULT_GPU_BUSY_THRESHOLD;
  if (thresholdRaw !== undefined && thresholdRaw.trim() !== '') {
    const n = Number(thresholdRaw);
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      problems.push(
        `--gpu-busy-threshold / FLEETSCOPE_GPU_BUSY_THRESHOLD must be a share above 0 and at most 1, got "${thresholdRaw}"`,
      );
    } else busyThreshold = n;
  }
  const teamLabel = (flags.get('gpu-team-label')?.at(-1) ?? env.FLEETSCOPE_GPU_TEAM_LABEL ?? 'team').trim();
  if (!/^([a-zA-Z0-9.-]+\/)?[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/.test(teamLabel)) {
    problems.push(
      `--gpu-team-label / FLEETSCOPE_GPU_TEAM_LABEL must be a Kubernetes label name, got "${teamLabel}"`,
    );
  }
  return { prices: parsed.prices, busyThreshold, teamLabel };
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
