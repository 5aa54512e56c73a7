import { describe, expect, it } from 'vitest';
import { Authenticator, type AuthResult } from '../../src/auth/authenticator.ts';
import {
  type KubeReviews,
  type KubeUser,
  parseSubjectAccessReview,
  parseTokenReview,
  type TokenReviewAnswer,
} from '../../src/auth/kube-reviews.ts';
import { KubernetesRbac, RBAC_CACHE_DEFAULTS } from '../../src/auth/kubernetes-rbac.ts';
import { CoalescingTtlCache } from '../../src/auth/ttl-cache.ts';

/** A clock tests move by hand: TTLs are checked without sleeping. */
class FakeClock {
  ms = 1_000_000;
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

const ALICE: KubeUser = { username: 'alice', uid: 'u1', groups: ['team-a', 'system:authenticated'] };
const BOB: KubeUser = { username: 'bob', uid: 'u2', groups: ['system:authenticated'] };

/** Reviews from tables, counting what was asked; `down` makes every review of that kind throw. */
class TableReviews implements KubeReviews {
  tokens = new Map<string, KubeUser>([
    ['alice-token', ALICE],
    ['bob-token', BOB],
  ]);
  grants = new Map<string, Set<string>>([
    ['alice', new Set(['a'])],
    ['bob', new Set(['a', 'b'])],
  ]);
  tokenDown = false;
  downClusters = new Set<string>();
  asked = { tokens: [] as string[], access: [] as string[] };
  gate: Promise<void> | null = null;

  async reviewToken(token: string, audiences: readonly string[]): Promise<TokenReviewAnswer> {
    this.asked.tokens.push(token);
    await this.gate;
    if (this.tokenDown) throw new Error('connect ECONNREFUSED');
    const user = this.tokens.get(token);
    return user
      ? { authenticated: true, user, audiences: audiences.length > 0 ? ['fleetscope'] : null }
      : { authenticated: false, error: null };
  }

  async canListPods(cluster: string, user: KubeUser): Promise<boolean> {
    this.asked.access.push(`${user.username}@${cluster}`);
    await this.gate;
    if (this.downClusters.has(cluster)) throw new Error('HTTP 500: etcdserver: request timed out');
    return this.grants.get(user.username)?.has(cluster) ?? false;
  }
}

function setup(audiences: string[] = []) {
  const clock = new FakeClock();
  const reviews = new TableReviews();
  const warnings: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const rbac = new KubernetesRbac(reviews, {
    audiences,
    authCluster: 'home',
    now: clock.now,
    warn: (message, fields) => warnings.push({ message, fields }),
  });
  const authenticator = new Authenticator(
    { tokens: [], proxyHeader: null, anonymous: false, kubernetes: { context: 'home', audiences } },
    rbac,
    () => ['a', 'b'],
  );
  const login = (authorization?: string): Promise<AuthResult> =>
    authenticator.authenticate(authorization === undefined ? {} : { authorization }, '127.0.0.1');
  return { clock, reviews, warnings, rbac, login };
}

const visible = (r: AuthResult): string[] | 'all' | number =>
  r.ok ? (r.viewer.clusters === null ? 'all' : [...r.viewer.clusters].sort()) : r.status;

describe('Kubernetes RBAC decisions', () => {
  it.each([
    { name: 'no Authorization header', authorization: undefined, expected: 401 },
    { name: 'not a bearer token', authorization: 'Basic YWxpY2U6eA==', expected: 401 },
    { name: 'an unknown token', authorization: 'Bearer nobody', expected: 401 },
    { name: 'a user allowed on one cluster', authorization: 'Bearer alice-token', expected: ['a'] },
    { name: 'a user allowed on every cluster', authorization: 'Bearer bob-token', expected: 'all' },
  ] as const)('$name → $expected', async ({ authorization, expected }) => {
    const { login } = setup();
    expect(visible(await login(authorization))).toEqual(expected);
  });

  it('names the principal after the Kubernetes user', async () => {
    const result = await setup().login('Bearer alice-token');
    expect(result.ok && result.viewer.principal).toBe('kubernetes:alice');
  });

  it('answers 503 AUTH_UNAVAILABLE, not admittance, when TokenReview fails; and does not cache the failure', async () => {
    const { login, reviews, warnings } = setup();
    reviews.tokenDown = true;
    expect(await login('Bearer alice-token')).toMatchObject({
      ok: false,
      status: 503,
      code: 'AUTH_UNAVAILABLE',
      reason: expect.stringMatching(/TokenReview on cluster home failed: connect ECONNREFUSED/),
    });
    expect(warnings.map((w) => w.message)).toEqual([
      'cannot authenticate: TokenReview failed; nobody is admitted until it answers',
    ]);
    reviews.tokenDown = false;
    expect(visible(await login('Bearer alice-token'))).toEqual(['a']);
  });

  it('hides a cluster whose SubjectAccessReview fails (fail closed), says so, and counts it', async () => {
    const { login, reviews, warnings, rbac } = setup();
    reviews.downClusters.add('b');
    expect(visible(await login('Bearer bob-token'))).toEqual(['a']);
    expect(warnings[0]?.fields).toMatchObject({ cluster: 'b', user: 'bob' });
    expect(rbac.stats.failures.get('subjectaccessreview\u0000b')).toBe(1);
  });

  it('rejects a token TokenReview does not confirm for the configured audience', async () => {
    const { rbac } = setup(['other']);
    expect(await rbac.authenticate('alice-token')).toEqual({
      kind: 'rejected',
      reason: 'token not valid for audience other',
    });
  });

  describe('caching (fake clock)', () => {
    const { allowTtlMs, denyTtlMs } = RBAC_CACHE_DEFAULTS;
    it.each([
      { name: 'an authenticated token', token: 'alice-token', ttl: allowTtlMs },
      { name: 'an unknown token', token: 'nobody', ttl: denyTtlMs },
    ])('believes $name for its TTL, then asks again', async ({ token, ttl }) => {
      const { rbac, reviews, clock } = setup();
      await rbac.authenticate(token);
      clock.advance(ttl - 1);
      await rbac.authenticate(token);
      expect(reviews.asked.tokens).toHaveLength(1);
      clock.advance(1);
      await rbac.authenticate(token);
      expect(reviews.asked.tokens).toHaveLength(2);
    });

    it.each([
      { name: 'an allowed cluster', user: ALICE, cluster: 'a', ttl: allowTtlMs },
      { name: 'a denied cluster', user: ALICE, cluster: 'b', ttl: denyTtlMs },
    ])('believes $name for its TTL', async ({ user, cluster, ttl }) => {
      const { rbac, reviews, clock } = setup();
      await rbac.visibleClusters(user, [cluster]);
      clock.advance(ttl - 1);
      await rbac.visibleClusters(user, [cluster]);
      expect(reviews.asked.access).toHaveLength(1);
      clock.advance(1);
      await rbac.visibleClusters(user, [cluster]);
      expect(reviews.asked.access).toHaveLength(2);
    });

    it('sees a revoked binding once the allow TTL is over', async () => {
      const { login, reviews, clock } = setup();
      expect(visible(await login('Bearer bob-token'))).toEqual('all');
      reviews.grants.set('bob', new Set(['b']));
      expect(visible(await login('Bearer bob-token'))).toEqual('all');
      clock.advance(allowTtlMs);
      expect(visible(await login('Bearer bob-token'))).toEqual(['b']);
    });

    it('coalesces concurrent identical lookups into one review each', async () => {
      const { login, reviews } = setup();
      let open = (): void => {};
      reviews.gate = new Promise((resolve) => {
        open = resolve;
      });
      const pending = Array.from({ length: 20 }, () => login('Bearer alice-token'));
      open();
      const results = await Promise.all(pending);
      expect(results.map(visible)).toEqual(Array.from({ length: 20 }, () => ['a']));
      expect(reviews.asked.tokens).toEqual(['alice-token']);
      expect(reviews.asked.access.sort()).toEqual(['alice@a', 'alice@b']);
    });
  });
});

describe('CoalescingTtlCache', () => {
  it('never holds more than maxEntries, dropping the oldest', async () => {
    const clock = new FakeClock();
    const cache = new CoalescingTtlCache<number>({ now: clock.now, maxEntries: 3 });
    const loads: string[] = [];
    const get = (k: string) =>
      cache.get(
        k,
        async () => {
          loads.push(k);
          return 1;
        },
        () => 60_000,
      );
    for (const k of ['a', 'b', 'c', 'd']) await get(k);
    expect(cache.size).toBe(3);
    await get('a'); // evicted: loaded again
    await get('d'); // still held
    expect(loads).toEqual(['a', 'b', 'c', 'd', 'a']);
  });

  it('does not cache a lookup that throws, nor one whose TTL is 0', async () => {
    const clock = new FakeClock();
    const cache = new CoalescingTtlCache<string>({ now: clock.now, maxEntries: 10 });
    await expect(
      cache.get(
        'k',
        () => Promise.reject(new Error('down')),
        () => 1000,
      ),
    ).rejects.toThrow('down');
    expect(
      await cache.get(
        'k',
        async () => 'v',
        () => 0,
      ),
    ).toBe('v');
    expect(cache.size).toBe(0);
  });
});

describe('review answers', () => {
  it.each([
    [{ status: { authenticated: true, user: { username: 'a', groups: ['g'] } } }, true],
    [{ status: { authenticated: true, user: {} } }, false],
    [{ status: { user: {} } }, false],
    [{ status: { authenticated: 'true', user: { username: 'a' } } }, false],
  ])('TokenReview %j → authenticated %s', (json, authenticated) => {
    expect(parseTokenReview(json).authenticated).toBe(authenticated);
  });

  it('refuses a TokenReview answer without status', () => {
    expect(() => parseTokenReview({ kind: 'Status' })).toThrow(/no status/);
  });

  it.each([
    [{ status: { allowed: true } }, true],
    [{ status: { allowed: false } }, false],
    [{ status: { allowed: true, denied: true } }, false],
    [{ status: {} }, false],
  ])('SubjectAccessReview %j → %s', (json, allowed) => {
    expect(parseSubjectAccessReview(json)).toBe(allowed);
  });
});

describe('failure logs', () => {
  it('are written at most once per deny TTL per cluster, counting the ones left out', async () => {
    const { rbac, reviews, warnings, clock } = setup();
    reviews.tokenDown = true;
    for (const token of ['t1', 't2', 't3']) await rbac.authenticate(token);
    expect(warnings).toHaveLength(1);
    clock.advance(RBAC_CACHE_DEFAULTS.denyTtlMs);
    await rbac.authenticate('t4');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]?.fields).toMatchObject({ cluster: 'home', notLoggedSince: 2 });
    expect(rbac.stats.failures.get('tokenreview\u0000home')).toBe(4);
  });
});
