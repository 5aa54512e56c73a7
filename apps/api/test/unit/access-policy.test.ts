import { describe, expect, it } from 'vitest';
import { type AccessPolicy, decideAccess, PROXY_SECRET_HEADER } from '../../src/auth/access-policy.ts';
import { parseTrustedPeers } from '../../src/auth/trusted-peers.ts';

const tokens: AccessPolicy = { tokens: ['s3cret', 'other'], proxyHeader: null, anonymous: false };
const proxy: AccessPolicy = { tokens: [], proxyHeader: 'x-forwarded-user', anonymous: false };
const wall: AccessPolicy = { tokens: ['s3cret'], proxyHeader: null, anonymous: true };

describe('decideAccess', () => {
  it.each([
    { name: 'valid token', policy: tokens, headers: { authorization: 'Bearer s3cret' }, allowed: true },
    {
      name: 'second token, lower-case scheme',
      policy: tokens,
      headers: { authorization: 'bearer other' },
      allowed: true,
    },
    { name: 'wrong token', policy: tokens, headers: { authorization: 'Bearer nope' }, allowed: false },
    { name: 'token prefix only', policy: tokens, headers: { authorization: 'Bearer s3cre' }, allowed: false },
    { name: 'no credentials', policy: tokens, headers: {}, allowed: false },
    { name: 'proxy user', policy: proxy, headers: { 'x-forwarded-user': 'alice' }, allowed: true },
    { name: 'no proxy header', policy: proxy, headers: {}, allowed: false },
    {
      name: 'a client value joined to the proxy one',
      policy: proxy,
      headers: { 'x-forwarded-user': 'mallory, alice' },
      allowed: false,
    },
    { name: 'anonymous wall screen', policy: wall, headers: {}, allowed: true },
    {
      name: 'a wrong token is refused even where anonymous is allowed',
      policy: wall,
      headers: { authorization: 'Bearer x' },
      allowed: false,
    },
  ])('$name → allowed: $allowed', ({ policy, headers, allowed }) => {
    expect(decideAccess(policy, headers).allowed).toBe(allowed);
  });

  it('says why it refused', () => {
    expect(decideAccess(tokens, {})).toEqual({ allowed: false, reason: 'missing bearer token' });
    expect(decideAccess(proxy, {})).toEqual({ allowed: false, reason: 'missing x-forwarded-user header' });
  });
});

describe('decideAccess with a trusted proxy', () => {
  const { peers } = parseTrustedPeers(['10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
  const byPeer: AccessPolicy = { ...proxy, proxyPeers: peers };
  const bySecret: AccessPolicy = { ...proxy, proxySecret: 'shared-secret-0123456789' };
  const both: AccessPolicy = { ...byPeer, proxySecret: 'shared-secret-0123456789' };
  const user = { 'x-forwarded-user': 'alice' };
  const secret = { [PROXY_SECRET_HEADER]: 'shared-secret-0123456789' };

  interface Case {
    name: string;
    policy: AccessPolicy;
    headers: Record<string, string>;
    peer: string | undefined;
    allowed: boolean;
  }
  it.each<Case>([
    { name: 'header from a trusted CIDR', policy: byPeer, headers: user, peer: '10.1.2.3', allowed: true },
    {
      name: 'header from a mapped IPv4 peer',
      policy: byPeer,
      headers: user,
      peer: '::ffff:10.9.9.9',
      allowed: true,
    },
    {
      name: 'header from a trusted IPv6 peer',
      policy: byPeer,
      headers: user,
      peer: 'fd00::5',
      allowed: true,
    },
    {
      name: 'header from a single trusted address',
      policy: byPeer,
      headers: user,
      peer: '192.0.2.7',
      allowed: true,
    },
    { name: 'header from any other peer', policy: byPeer, headers: user, peer: '192.0.2.8', allowed: false },
    {
      name: 'header from loopback, not listed',
      policy: byPeer,
      headers: user,
      peer: '127.0.0.1',
      allowed: false,
    },
    { name: 'header with no known peer', policy: byPeer, headers: user, peer: undefined, allowed: false },
    {
      name: 'header with the secret',
      policy: bySecret,
      headers: { ...user, ...secret },
      peer: '203.0.113.1',
      allowed: true,
    },
    {
      name: 'header without the secret',
      policy: bySecret,
      headers: user,
      peer: '203.0.113.1',
      allowed: false,
    },
    {
      name: 'header with a wrong secret',
      policy: bySecret,
      headers: { ...user, [PROXY_SECRET_HEADER]: 'shared-secret-0123456788' },
      peer: '10.0.0.1',
      allowed: false,
    },
    {
      name: 'both: trusted peer and secret',
      policy: both,
      headers: { ...user, ...secret },
      peer: '10.0.0.1',
      allowed: true,
    },
    {
      name: 'both: secret from an untrusted peer',
      policy: both,
      headers: { ...user, ...secret },
      peer: '198.51.100.1',
      allowed: false,
    },
  ])('$name → allowed: $allowed', ({ policy, headers, peer, allowed }) => {
    expect(decideAccess(policy, headers, peer).allowed).toBe(allowed);
  });

  it('says why it refused', () => {
    expect(decideAccess(byPeer, user, '192.0.2.8')).toEqual({
      allowed: false,
      reason: 'x-forwarded-user header from an untrusted peer',
    });
    expect(decideAccess(bySecret, user, '10.0.0.1')).toEqual({
      allowed: false,
      reason: "x-forwarded-user header without the proxy's secret",
    });
  });
});
