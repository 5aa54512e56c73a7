import { describe, expect, it } from 'vitest';
import { type AccessPolicy, decideAccess } from '../../src/auth/access-policy.ts';

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
