import { describe, expect, it } from 'vitest';
import {
  defaultAllowedHosts,
  hostAllowed,
  hostnameOf,
  originAllowed,
} from '../../src/graphql/guards/request-origin.ts';

describe('hostnameOf', () => {
  it.each([
    ['LOCALHOST:4000', 'localhost'],
    ['[::1]:4000', '::1'],
    ['wall.example.com.', 'wall.example.com'],
    ['127.0.0.1', '127.0.0.1'],
  ])('%s → %s', (host, name) => {
    expect(hostnameOf(host)).toBe(name);
  });
});

describe('defaultAllowedHosts', () => {
  it.each([
    { listen: '127.0.0.1', allowed: ['localhost', '127.0.0.1', '::1', '*.localhost'] },
    { listen: '::1', allowed: ['localhost', '127.0.0.1', '::1', '*.localhost'] },
    { listen: '10.0.0.5', allowed: ['10.0.0.5', 'localhost', '127.0.0.1', '::1'] },
    { listen: '0.0.0.0', allowed: null },
    { listen: '::', allowed: null },
  ])('listening on $listen', ({ listen, allowed }) => {
    expect(defaultAllowedHosts(listen)).toEqual(allowed);
  });
});

describe('hostAllowed', () => {
  const loopback = defaultAllowedHosts('127.0.0.1');
  it.each([
    { host: 'localhost:4000', allowed: loopback, ok: true },
    { host: '127.0.0.1:4000', allowed: loopback, ok: true },
    { host: '[::1]:4000', allowed: loopback, ok: true },
    { host: 'app.localhost:4000', allowed: loopback, ok: true },
    { host: 'rebind.evil.example:4000', allowed: loopback, ok: false },
    { host: 'localhost.evil.example', allowed: loopback, ok: false },
    { host: undefined, allowed: loopback, ok: false },
    { host: 'anything', allowed: null, ok: true },
    { host: 'wall.example.com', allowed: ['*.example.com'], ok: true },
    { host: 'example.com', allowed: ['*.example.com'], ok: false },
  ])('$host with $allowed → $ok', ({ host, allowed, ok }) => {
    expect(hostAllowed(host, allowed)).toBe(ok);
  });
});

describe('originAllowed', () => {
  it.each([
    {
      name: 'no Origin (not a browser)',
      origin: undefined,
      host: 'wall:4000',
      list: [],
      loopback: false,
      ok: true,
    },
    {
      name: 'same origin',
      origin: 'http://wall:4000',
      host: 'wall:4000',
      list: [],
      loopback: false,
      ok: true,
    },
    {
      name: 'another site',
      origin: 'https://evil.example',
      host: 'wall:4000',
      list: [],
      loopback: false,
      ok: false,
    },
    {
      name: 'same host, other port',
      origin: 'http://wall:8080',
      host: 'wall:4000',
      list: [],
      loopback: false,
      ok: false,
    },
    { name: 'opaque origin', origin: 'null', host: 'wall:4000', list: [], loopback: false, ok: false },
    {
      name: 'listed origin',
      origin: 'https://ops.example',
      host: 'wall:4000',
      list: ['https://ops.example/'],
      loopback: false,
      ok: true,
    },
    {
      name: 'any origin',
      origin: 'https://evil.example',
      host: 'wall:4000',
      list: ['*'],
      loopback: false,
      ok: true,
    },
    {
      name: 'the Vite dev server on loopback',
      origin: 'http://localhost:5173',
      host: '127.0.0.1:4000',
      list: [],
      loopback: true,
      ok: true,
    },
    {
      name: 'a loopback page when the server is not on loopback',
      origin: 'http://localhost:5173',
      host: 'wall:4000',
      list: [],
      loopback: false,
      ok: false,
    },
  ])('$name', ({ origin, host, list, loopback, ok }) => {
    expect(originAllowed(origin, host, list, loopback)).toBe(ok);
  });
});
