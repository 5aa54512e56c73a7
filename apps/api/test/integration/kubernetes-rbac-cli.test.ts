/** Kubernetes RBAC mode's start-up refusals, through the built API as `npm start` runs it. */
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiProcess, spawnApi } from '../support/api-process.ts';

let api: ApiProcess | undefined;
afterEach(() => api?.kill());

describe('Kubernetes RBAC mode at start', () => {
  it('exits 2 with one line naming the contexts there are when the auth context is not in the kubeconfig', async () => {
    api = spawnApi(['--port', '0', '--auth-kubernetes-context', 'no-such-context']);
    expect(await api.exited()).toEqual({ code: 2, signal: null });
    // The demo fleet's start is logged (JSON) before the check; the refusal is the one plain line.
    const lines = api
      .stderr()
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith('{'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^fleetscope: --auth-kubernetes-context no-such-context is not in \S+ \(available: [^)]+\)$/,
    );
    expect(api.stdout()).not.toContain('Fleetscope is up');
  }, 60_000);

  it('refuses it next to another auth mode: exit 2 with the reason on one line', async () => {
    api = spawnApi([
      '--port',
      '0',
      '--auth-kubernetes-context',
      'x',
      '--auth-proxy-header',
      'x-forwarded-user',
    ]);
    expect(await api.exited()).toEqual({ code: 2, signal: null });
    expect(api.stderr()).toContain(
      '\n  - --auth-kubernetes-context and --auth-proxy-header are two ways to say who the user is: choose one\n',
    );
  }, 60_000);
});
