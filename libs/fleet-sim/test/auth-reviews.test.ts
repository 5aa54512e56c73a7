/**
 * TokenReview and SubjectAccessReview on the simulated API server, through the real
 * @kubernetes/client-node typed clients (what a real server's answers must decode as), plus the raw
 * 400/422 Status shapes for malformed requests.
 */
import { AuthenticationV1Api, AuthorizationV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { createFleet } from '../src/fleet.ts';
import { kubeconfigYaml } from '../src/kubeconfig.ts';
import { type SimServer, startSimServer } from '../src/server/http.ts';

let server: SimServer;
let authn: AuthenticationV1Api;
let authz: AuthorizationV1Api;

beforeAll(async () => {
  const fleet = createFleet({ size: 'small', clock: new ManualClock() });
  server = await startSimServer(fleet.clusters[0] as (typeof fleet.clusters)[number]);
  server.auth.setTokens({
    'alice-token': { username: 'alice', uid: 'u-1', groups: ['team-a'] },
    'aud-token': { username: 'bob', audiences: ['fleetscope'] },
  });
  server.auth.setRules([
    {
      subject: { kind: 'User', name: 'alice' },
      verbs: ['list', 'watch'],
      resources: ['pods'],
      binding: 'view',
    },
    { subject: { kind: 'Group', name: 'ops' }, verbs: ['*'], resources: ['*'], apiGroups: ['*'] },
    { subject: { kind: 'User', name: 'dev' }, verbs: ['list'], resources: ['pods'], namespaces: ['dev'] },
  ]);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml([server]));
  authn = kc.makeApiClient(AuthenticationV1Api);
  authz = kc.makeApiClient(AuthorizationV1Api);
});

afterAll(() => server?.close());

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('TokenReview', () => {
  const cases: Array<{
    name: string;
    token: string;
    audiences?: string[];
    authenticated: boolean | undefined;
    username?: string;
    error?: RegExp;
  }> = [
    { name: 'a known token', token: 'alice-token', authenticated: true, username: 'alice' },
    { name: 'an unknown token', token: 'nope', authenticated: undefined },
    {
      name: 'a token for the asked audience',
      token: 'aud-token',
      audiences: ['fleetscope'],
      authenticated: true,
      username: 'bob',
    },
    {
      name: 'a token for another audience',
      token: 'aud-token',
      audiences: ['other'],
      authenticated: undefined,
      error: /audiences/,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const review = await authn.createTokenReview({
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token: c.token, ...(c.audiences ? { audiences: c.audiences } : {}) },
      },
    });
    expect(review.status?.authenticated).toBe(c.authenticated);
    expect(review.status?.user?.username).toBe(c.username);
    if (c.authenticated) expect(review.status?.user?.groups).toContain('system:authenticated');
    if (c.error) expect(review.status?.error).toMatch(c.error);
    else expect(review.status?.error).toBeUndefined();
  });
});

describe('SubjectAccessReview (cluster-wide list pods, as Fleetscope asks)', () => {
  const cases: Array<{
    name: string;
    user?: string;
    groups?: string[];
    namespace?: string;
    allowed: boolean;
  }> = [
    { name: 'a user with a cluster-wide grant', user: 'alice', allowed: true },
    { name: 'a user with no grant', user: 'mallory', allowed: false },
    { name: 'a user through a group', user: 'carol', groups: ['ops'], allowed: true },
    { name: 'a namespaced grant asked cluster-wide', user: 'dev', allowed: false },
    { name: 'a namespaced grant asked in its namespace', user: 'dev', namespace: 'dev', allowed: true },
  ];
  it.each(cases)('$name', async (c) => {
    const review = await authz.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          ...(c.user ? { user: c.user } : {}),
          ...(c.groups ? { groups: c.groups } : {}),
          resourceAttributes: {
            verb: 'list',
            resource: 'pods',
            ...(c.namespace ? { namespace: c.namespace } : {}),
          },
        },
      },
    });
    expect(review.status?.allowed).toBe(c.allowed);
    if (c.allowed) expect(review.status?.reason).toMatch(/^RBAC: allowed by/);
  });
});

describe('malformed reviews get the real server statuses', () => {
  const cases: Array<{
    name: string;
    path: string;
    body: unknown;
    status: number;
    reason: string;
    message: RegExp;
  }> = [
    {
      name: 'not JSON',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: '{',
      status: 400,
      reason: 'BadRequest',
      message: /the object provided is unrecognized/,
    },
    {
      name: 'no kind',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', spec: { token: 'x' } },
      status: 400,
      reason: 'BadRequest',
      message: /Object 'Kind' is missing/,
    },
    {
      name: 'the wrong API version',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { apiVersion: 'authentication.k8s.io/v1beta1', kind: 'TokenReview', spec: { token: 'x' } },
      status: 400,
      reason: 'BadRequest',
      message: /does not match the expected API version \(authentication.k8s.io\/v1\)/,
    },
    {
      name: 'no token',
      path: '/apis/authentication.k8s.io/v1/tokenreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: {} },
      status: 400,
      reason: 'BadRequest',
      message: /^token is required for TokenReview in authentication$/,
    },
    {
      name: 'a SAR with neither user nor attributes',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {} },
      status: 422,
      reason: 'Invalid',
      message: /exactly one of nonResourceAttributes or resourceAttributes.*at least one of user or group/,
    },
  ];
  it.each(cases)('$name', async (c) => {
    const { status, json } = await post(c.path, c.body);
    expect(status).toBe(c.status);
    expect(json).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: c.status,
      reason: c.reason,
    });
    expect(json.message).toMatch(c.message);
  });

  it('refuses GET on a review with 405, as reviews are create-only', async () => {
    const response = await fetch(`${server.url}/apis/authentication.k8s.io/v1/tokenreviews`);
    expect(response.status).toBe(405);
  });
});

describe('discovery', () => {
  it('lists both review groups and their create-only resources', async () => {
    const groups = (await (await fetch(`${server.url}/apis`)).json()) as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['authentication.k8s.io', 'authorization.k8s.io']),
    );
    const group = (await (await fetch(`${server.url}/apis/authorization.k8s.io`)).json()) as Record<
      string,
      unknown
    >;
    expect(group).toMatchObject({
      kind: 'APIGroup',
      preferredVersion: { groupVersion: 'authorization.k8s.io/v1' },
    });
    const list = (await (await fetch(`${server.url}/apis/authentication.k8s.io/v1`)).json()) as {
      resources: unknown[];
    };
    expect(list.resources).toEqual([
      { name: 'tokenreviews', singularName: '', namespaced: false, kind: 'TokenReview', verbs: ['create'] },
    ]);
  });
});
