import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/app-config.ts';

const defaults = { webDist: '/web' };

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
        'listening on 0.0.0.0 without authentication: pass --auth-tokens-file or --auth-proxy-header, or --anonymous for wall screens on a trusted network',
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
    expect(parseConfig([], {}, defaults).access).toEqual({ tokens: [], proxyHeader: null, anonymous: true });
    expect(parseConfig(['--auth-proxy-header', 'X-Forwarded-User'], {}, defaults).access).toEqual({
      tokens: [],
      proxyHeader: 'x-forwarded-user',
      anonymous: false,
    });
    expect(parseConfig(['--auth-proxy-header', 'x-user', '--anonymous'], {}, defaults).access.anonymous).toBe(
      true,
    );
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
