import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/app-config.ts';

const defaults = { webDist: '/web' };

const secretFile = (secret: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'fleetscope-config-')), 'secret');
  writeFileSync(file, `${secret}\n`);
  return file;
};

/** The problems parseConfig reports for these arguments (none: an empty list). */
function problemsOf(argv: string[], env: Record<string, string> = {}): string[] {
  try {
    parseConfig(argv, env, defaults);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('parseConfig', () => {
  it('defaults to the demo fleet on 127.0.0.1:4000', () => {
    const c = parseConfig([], {}, defaults);
    expect(c).toMatchObject({
      source: 'demo',
      host: '127.0.0.1',
      port: 4000,
      staleAfterMs: 120_000,
      webDist: '/web',
    });
  });

  it.each([
    {
      name: 'flags',
      argv: ['--kubeconfig', '/k', '--context', 'a', '--context=b', '--port', '8080'],
      env: {},
    },
    {
      name: 'environment',
      argv: [],
      env: { FLEETSCOPE_KUBECONFIG: '/k', FLEETSCOPE_CONTEXTS: 'a, b', PORT: '8080' },
    },
  ])('reads real-cluster settings from $name', ({ argv, env }) => {
    const c = parseConfig(argv, env, defaults);
    expect(c).toMatchObject({ source: 'kubeconfig', kubeconfigPath: '/k', contexts: ['a', 'b'], port: 8080 });
  });

  it('lets flags win over the environment', () => {
    expect(parseConfig(['--port', '5000'], { PORT: '6000' }, defaults).port).toBe(5000);
  });

  it.each([
    { argv: ['--port', 'abc'], problem: '--port / PORT must be an integer between 0 and 65535, got "abc"' },
    { argv: ['--frobnicate'], problem: 'unknown flag --frobnicate' },
    { argv: ['--context', 'a'], problem: '--context needs --kubeconfig (or FLEETSCOPE_KUBECONFIG)' },
    { argv: ['--demo', '--kubeconfig', '/k'], problem: '--demo and --kubeconfig exclude each other' },
    { argv: ['--log-level', 'loud'], problem: '--log-level must be debug, info, warn or error, got "loud"' },
    {
      argv: ['--stale-after', '1'],
      problem:
        '--stale-after / FLEETSCOPE_STALE_AFTER_SECONDS must be an integer between 30 and 86400, got "1"',
    },
    { argv: ['--seed'], problem: '--seed needs a value' },
    { argv: ['--anonymous=false'], problem: '--anonymous takes no value (got "false")' },
    {
      argv: ['--host', '0.0.0.0'],
      problem:
        'listening on 0.0.0.0 without authentication: pass --auth-tokens-file, --auth-proxy-header or --auth-kubernetes-context, or --anonymous for wall screens on a trusted network',
    },
    {
      argv: ['--metrics-interval', '600'],
      problem:
        '--metrics-interval / FLEETSCOPE_METRICS_INTERVAL_SECONDS must be an integer between 1 and 120, got "600"',
    },
  ])('rejects $argv with a clear message', ({ argv, problem }) => {
    try {
      parseConfig(argv, {}, defaults);
      expect.unreachable('parseConfig should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toContain(problem);
    }
  });

  it('collects every problem at once', () => {
    expect(() => parseConfig(['--port', 'x', '--log-level', 'y'], {}, defaults)).toThrow(
      /log-level[\s\S]*port/,
    );
  });

  it('allows anonymous reads only while no authentication is configured, or when asked to', () => {
    expect(parseConfig([], {}, defaults).access).toMatchObject({
      tokens: [],
      proxyHeader: null,
      anonymous: true,
    });
    expect(parseConfig(['--auth-proxy-header', 'X-Forwarded-User'], {}, defaults).access).toMatchObject({
      tokens: [],
      proxyHeader: 'x-forwarded-user',
      anonymous: false,
      proxyPeers: null,
      proxySecret: null,
    });
    expect(() => parseConfig(['--auth-tokens-file', '/nonexistent/tokens'], {}, defaults)).toThrow(
      /--auth-tokens-file \/nonexistent\/tokens: ENOENT/,
    );
  });

  it.each([
    {
      env: { FLEETSCOPE_PROBE_WRITE: 'yes' },
      problem: 'FLEETSCOPE_PROBE_WRITE must be 1, true, 0 or false, got "yes"',
    },
    {
      env: { FLEETSCOPE_ANONYMOUS: 'on' },
      problem: 'FLEETSCOPE_ANONYMOUS must be 1, true, 0 or false, got "on"',
    },
  ])('rejects an unclear boolean in the environment: $env', ({ env, problem }) => {
    expect(() => parseConfig([], env, defaults)).toThrow(problem);
  });

  it('reads an empty environment value as unset and TRUE as true', () => {
    const c = parseConfig([], { FLEETSCOPE_AUTH_TOKENS_FILE: '', FLEETSCOPE_PROBE_WRITE: 'TRUE' }, defaults);
    expect(c.access.anonymous).toBe(true);
    expect(c.probes.write).toBe(true);
  });

  it('serves 0.0.0.0 anonymously only when asked', () => {
    expect(parseConfig(['--host', '0.0.0.0', '--anonymous'], {}, defaults).access.anonymous).toBe(true);
  });

  it.each([
    {
      argv: ['--demo', '--prometheus-url', 'http://127.0.0.1:9090'],
      problem:
        '--prometheus-url needs --kubeconfig: the demo fleet (--demo, or no --kubeconfig) brings its own simulated control-plane metrics',
    },
    {
      argv: ['--prometheus-url', 'http://127.0.0.1:9090'],
      problem:
        '--prometheus-url needs --kubeconfig: the demo fleet (--demo, or no --kubeconfig) brings its own simulated control-plane metrics',
    },
    {
      argv: ['--probe-write', '--probe-interval', '0'],
      problem: '--probe-write needs probes running: --probe-interval is 0',
    },
    {
      argv: ['--kubeconfig', '/k', '--seed', '3'],
      problem: '--seed only applies to the demo fleet, not with --kubeconfig',
    },
    {
      argv: ['--auth-proxy-header', 'x-user', '--anonymous'],
      problem:
        '--anonymous admits every client, so --auth-tokens-file / --auth-proxy-header / --auth-kubernetes-context would check nothing: drop one',
    },
    {
      argv: ['--auth-proxy-trusted', '10.0.0.0/8'],
      problem: '--auth-proxy-trusted and --auth-proxy-secret-file need --auth-proxy-header',
    },
  ])('refuses conflicting settings $argv with one line each', ({ argv, problem }) => {
    expect(problemsOf(argv)).toEqual([problem]);
  });

  it('refuses conflicting settings from the environment too, all at once', () => {
    expect(
      problemsOf([], {
        FLEETSCOPE_PROMETHEUS_URL: 'http://127.0.0.1:9090',
        FLEETSCOPE_PROBE_WRITE: '1',
        FLEETSCOPE_PROBE_INTERVAL_SECONDS: '0',
      }),
    ).toHaveLength(2);
  });

  describe('proxy-header mode', () => {
    const spoofable =
      '--auth-proxy-header on 0.0.0.0 would believe any client that sends x-forwarded-user: add --auth-proxy-trusted <proxy CIDR> and/or --auth-proxy-secret-file, or listen on loopback';

    it('is refused beyond loopback without a trusted peer or a shared secret', () => {
      expect(problemsOf(['--host', '0.0.0.0', '--auth-proxy-header', 'x-forwarded-user'])).toEqual([
        spoofable,
      ]);
      expect(problemsOf([], { HOST: '0.0.0.0', FLEETSCOPE_AUTH_PROXY_HEADER: 'x-forwarded-user' })).toEqual([
        spoofable,
      ]);
    });

    it('is allowed on loopback, or with trusted peers and/or a shared secret', () => {
      expect(problemsOf(['--auth-proxy-header', 'x-forwarded-user'])).toEqual([]);
      const withPeers = parseConfig(
        [
          '--host',
          '0.0.0.0',
          '--auth-proxy-header',
          'x-forwarded-user',
          '--auth-proxy-trusted',
          '10.0.0.0/8,fd00::/8',
        ],
        {},
        defaults,
      );
      expect(withPeers.access.proxyPeers?.cidrs).toEqual(['10.0.0.0/8', 'fd00::/8']);
      expect(withPeers.access.proxyPeers?.contains('10.2.3.4')).toBe(true);
      expect(withPeers.access.proxyPeers?.contains('192.168.1.1')).toBe(false);
      const file = secretFile('a-long-enough-shared-secret');
      const withSecret = parseConfig(
        [],
        {
          HOST: '0.0.0.0',
          FLEETSCOPE_AUTH_PROXY_HEADER: 'x-forwarded-user',
          FLEETSCOPE_AUTH_PROXY_SECRET_FILE: file,
        },
        defaults,
      );
      expect(withSecret.access.proxySecret).toBe('a-long-enough-shared-secret');
    });

    it('reports a bad CIDR and a weak or missing secret', () => {
      expect(
        problemsOf([
          '--auth-proxy-header',
          'x-forwarded-user',
          '--auth-proxy-trusted',
          '10.0.0.0/33',
          '--auth-proxy-trusted',
          'proxy.local',
          '--auth-proxy-secret-file',
          secretFile('short'),
        ]),
      ).toEqual([
        '--auth-proxy-trusted: "10.0.0.0/33" is not an address or CIDR (like 10.0.0.0/8 or fd00::/8)',
        '--auth-proxy-trusted: "proxy.local" is not an address or CIDR (like 10.0.0.0/8 or fd00::/8)',
        expect.stringMatching(/^--auth-proxy-secret-file .* must hold a secret of at least 16 characters$/),
      ]);
      expect(
        problemsOf(['--auth-proxy-header', 'x', '--auth-proxy-secret-file', '/nonexistent/secret']),
      ).toEqual(['--auth-proxy-secret-file /nonexistent/secret: ENOENT']);
    });
  });

  it('disables serving the web app with an empty --web-dist', () => {
    expect(parseConfig(['--web-dist', ''], {}, defaults).webDist).toBeNull();
  });

  it('serves loopback names only on loopback by default, and any host on 0.0.0.0', () => {
    expect(parseConfig([], {}, defaults).allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      '*.localhost',
    ]);
    expect(parseConfig(['--host', '0.0.0.0', '--anonymous'], {}, defaults).allowedHosts).toBeNull();
  });

  it.each([
    {
      argv: ['--allowed-hosts', 'Wall.Example.com,localhost'],
      env: {},
      hosts: ['wall.example.com', 'localhost'],
    },
    { argv: [], env: { FLEETSCOPE_ALLOWED_HOSTS: '*' }, hosts: null },
  ])('reads --allowed-hosts / FLEETSCOPE_ALLOWED_HOSTS: $argv $env', ({ argv, env, hosts }) => {
    expect(parseConfig(argv, env, defaults).allowedHosts).toEqual(hosts);
  });

  it('reads allowed websocket origins and rejects what is not an origin', () => {
    expect(parseConfig(['--allowed-origins', 'https://ops.example'], {}, defaults).allowedOrigins).toEqual([
      'https://ops.example',
    ]);
    expect(parseConfig([], {}, defaults).allowedOrigins).toEqual([]);
    expect(() => parseConfig(['--allowed-origins', 'ops.example/path'], {}, defaults)).toThrow(
      '--allowed-origins: "ops.example/path" is not an origin like https://wall.example.com',
    );
    expect(() => parseConfig(['--allowed-hosts', ','], {}, defaults)).toThrow(
      '--allowed-hosts / FLEETSCOPE_ALLOWED_HOSTS needs at least one host or "*"',
    );
  });
});

describe('--push-interval-ms', () => {
  it('defaults to one push a second per subscriber, and is read from the flag or the environment', () => {
    expect(parseConfig([], {}, defaults).pushIntervalMs).toBe(1_000);
    expect(parseConfig(['--push-interval-ms', '250'], {}, defaults).pushIntervalMs).toBe(250);
    expect(parseConfig([], { FLEETSCOPE_PUSH_INTERVAL_MS: '5000' }, defaults).pushIntervalMs).toBe(5_000);
    expect(
      parseConfig(['--push-interval-ms=0'], { FLEETSCOPE_PUSH_INTERVAL_MS: '5000' }, defaults).pushIntervalMs,
    ).toBe(0);
  });

  it('refuses a value that is not a whole number of milliseconds up to a minute', () => {
    expect(() => parseConfig(['--push-interval-ms', '1.5'], {}, defaults)).toThrow(
      '--push-interval-ms / FLEETSCOPE_PUSH_INTERVAL_MS must be an integer between 0 and 60000, got "1.5"',
    );
    expect(() => parseConfig([], { FLEETSCOPE_PUSH_INTERVAL_MS: '61000' }, defaults)).toThrow(ConfigError);
  });
});

describe('parseConfig: sharding over replicas', () => {
  const kube = ['--kubeconfig', '/k', '--context', 'a', '--context', 'b'];

  it('is off by default, and on with a broker and a lease context', () => {
    expect(parseConfig(kube, {}, defaults).sharding).toBeNull();
    const c = parseConfig(
      [
        ...kube,
        '--shard-broker-url',
        'redis://10.0.0.5:6379',
        '--shard-lease-context',
        'a',
        '--shard-identity',
        'p-0',
      ],
      {},
      defaults,
    );
    expect(c.sharding).toEqual({
      brokerUrl: 'redis://10.0.0.5:6379',
      leaseContext: 'a',
      namespace: 'fleetscope',
      identity: 'p-0',
      leaseDurationMs: 15_000,
    });
  });

  it.each([
    { argv: [...kube, '--shard-lease-context', 'a'], problem: /need --shard-broker-url/ },
    { argv: [...kube, '--shard-broker-url', 'redis://b:6379'], problem: /needs --shard-lease-context/ },
    {
      argv: ['--shard-broker-url', 'redis://b:6379', '--shard-lease-context', 'a'],
      problem: /needs --kubeconfig/,
    },
    {
      argv: [...kube, '--shard-broker-url', 'http://b', '--shard-lease-context', 'a'],
      problem: /redis:\/\/host:port/,
    },
    {
      argv: [
        ...kube,
        '--shard-broker-url',
        'redis://b:1',
        '--shard-lease-context',
        'a',
        '--shard-lease-seconds',
        '1',
      ],
      problem: /between 2 and 300/,
    },
  ])('refuses $problem', ({ argv, problem }) => {
    expect(problemsOf(argv).some((p) => problem.test(p))).toBe(true);
  });
});

describe('GPU usage history settings', () => {
  it('defaults: no prices, the shared busy threshold, team label "team"', () => {
    expect(parseConfig([], {}, defaults).gpuHistory).toEqual({
      prices: [],
      busyThreshold: 0.05,
      teamLabel: 'team',
    });
  });

  it.each([
    {
      name: 'flags (repeatable --gpu-price)',
      argv: [
        '--gpu-price',
        'h100=2.5',
        '--gpu-price=a100=1.2,l4=0.7',
        '--gpu-busy-threshold',
        '0.1',
        '--gpu-team-label',
        'example.com/team',
      ],
      env: {},
    },
    {
      name: 'environment',
      argv: [],
      env: {
        FLEETSCOPE_GPU_PRICES: 'h100=2.5,a100=1.2,l4=0.7',
        FLEETSCOPE_GPU_BUSY_THRESHOLD: '0.1',
        FLEETSCOPE_GPU_TEAM_LABEL: 'example.com/team',
      },
    },
  ])('reads $name', ({ argv, env }) => {
    expect(parseConfig(argv, env, defaults).gpuHistory).toEqual({
      prices: [
        { key: 'h100', perGpuHour: 2.5 },
        { key: 'a100', perGpuHour: 1.2 },
        { key: 'l4', perGpuHour: 0.7 },
      ],
      busyThreshold: 0.1,
      teamLabel: 'example.com/team',
    });
  });

  it.each([
    [['--gpu-price', 'h100'], '--gpu-price: "h100" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)'],
    [['--gpu-price', 'h100=-3'], '--gpu-price: "h100=-3" is not <gpu>=<price per GPU-hour> (e.g. h100=2.5)'],
    [
      ['--gpu-busy-threshold', '5'],
      '--gpu-busy-threshold / FLEETSCOPE_GPU_BUSY_THRESHOLD must be a share above 0 and at most 1, got "5"',
    ],
    [
      ['--gpu-busy-threshold', '0'],
      '--gpu-busy-threshold / FLEETSCOPE_GPU_BUSY_THRESHOLD must be a share above 0 and at most 1, got "0"',
    ],
    [
      ['--gpu-team-label', 'a b'],
      '--gpu-team-label / FLEETSCOPE_GPU_TEAM_LABEL must be a Kubernetes label name, got "a b"',
    ],
  ])('refuses %j', (argv, problem) => {
    expect(problemsOf(argv)).toEqual([problem]);
  });
});

describe('Kubernetes RBAC mode', () => {
  it('reads the auth context and audiences from flags or the environment', () => {
    const fromFlags = parseConfig(
      ['--host', '0.0.0.0', '--auth-kubernetes-context', 'home', '--auth-kubernetes-audiences', 'a,b'],
      {},
      { webDist: null },
    );
    expect(fromFlags.access.kubernetes).toEqual({ context: 'home', audiences: ['a', 'b'] });
    // Listening beyond loopback is allowed: the mode authenticates; it is not anonymous.
    expect(fromFlags.access.anonymous).toBe(false);
    const fromEnv = parseConfig(
      [],
      { FLEETSCOPE_AUTH_KUBERNETES_CONTEXT: 'home', FLEETSCOPE_AUTH_KUBERNETES_AUDIENCES: 'fleetscope' },
      { webDist: null },
    );
    expect(fromEnv.access.kubernetes).toEqual({ context: 'home', audiences: ['fleetscope'] });
    expect(parseConfig([], {}, { webDist: null }).access.kubernetes).toBeNull();
  });

  it.each([
    [
      ['--auth-kubernetes-context', 'home', '--auth-tokens-file', '/dev/null/none'],
      '--auth-kubernetes-context checks bearer tokens with the cluster (TokenReview), so --auth-tokens-file would never be read: drop one',
    ],
    [
      ['--auth-kubernetes-context', 'home', '--auth-proxy-header', 'x-user'],
      '--auth-kubernetes-context and --auth-proxy-header are two ways to say who the user is: choose one',
    ],
    [
      ['--auth-kubernetes-context', 'home', '--anonymous'],
      '--anonymous admits every client, so --auth-tokens-file / --auth-proxy-header / --auth-kubernetes-context would check nothing: drop one',
    ],
    [['--auth-kubernetes-audiences', 'a'], '--auth-kubernetes-audiences needs --auth-kubernetes-context'],
    [['--auth-kubernetes-context', ' '], '--auth-kubernetes-context needs a context name'],
  ])('refuses %j with one line', (argv, problem) => {
    // The unreadable tokens file adds its own line; the conflict is the one asserted here.
    expect(problemsOf(argv)).toContain(problem);
    expect(
      problemsOf(argv).filter((p) => p.startsWith('--auth-kubernetes') || p.startsWith('--anonymous')),
    ).toEqual([problem]);
  });
});

describe('--answer-cache-mb', () => {
  it('defaults to 32 MiB, takes a flag or the environment, and 0 turns the cache off', () => {
    expect(parseConfig([], {}, defaults).answerCacheBytes).toBe(32 * 2 ** 20);
    expect(parseConfig(['--answer-cache-mb', '8'], {}, defaults).answerCacheBytes).toBe(8 * 2 ** 20);
    expect(parseConfig([], { FLEETSCOPE_ANSWER_CACHE_MB: '0' }, defaults).answerCacheBytes).toBe(0);
  });

  it('refuses what is not a whole number of MiB in range', () => {
    expect(problemsOf(['--answer-cache-mb', '-1'])).toEqual([
      '--answer-cache-mb / FLEETSCOPE_ANSWER_CACHE_MB must be an integer between 0 and 4096, got "-1"',
    ]);
  });
});
