/**
 * Host and Origin checks shared by HTTP requests and websocket upgrades. Pure functions over header
 * values, so the same rule decides for both transports.
 */

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header or URL host: lower case, without port, brackets or trailing dot. */
export function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  // A bare IPv6 address (a listen address or a list entry) has several colons and no port.
  const bareIpv6 = !trimmed.startsWith('[') && trimmed.indexOf(':') !== trimmed.lastIndexOf(':');
  const name = trimmed.startsWith('[')
    ? trimmed.slice(1, trimmed.indexOf(']'))
    : bareIpv6
      ? trimmed
      : trimmed.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.includes(name) || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * The hosts served by default: loopback names when listening on loopback (a rebinding DNS name then
 * gets 403), the listen address and loopback when listening on one address, any host on a wildcard
 * address (where authentication is required anyway).
 */
export function defaultAllowedHosts(listenHost: string): string[] | null {
  const name = hostnameOf(listenHost);
  if (name === '0.0.0.0' || name === '::') return null;
  return isLoopbackName(name) ? [...LOOPBACK_NAMES, '*.localhost'] : [name, ...LOOPBACK_NAMES];
}

/** Whether a Host header names an allowed host; `null` allows any. `*.example.com` matches subdomains. */
export function hostAllowed(hostHeader: string | undefined, allowed: readonly string[] | null): boolean {
  if (allowed === null || allowed.includes('*')) return true;
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    return pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : name === hostnameOf(pattern);
  });
}

/**
 * Whether a websocket may be opened from a page of `origin`. Browsers always send Origin on websocket
 * upgrades and pages cannot forge it; other clients (CLIs, servers) send none and are let through to
 * authentication. Allowed: the page's own origin (same host and port as the Host header), the listed
 * origins, and, when the server itself listens on loopback, pages served from loopback (the Vite dev
 * server proxies with another port).
 */
export function originAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  allowedOrigins: readonly string[],
  loopbackServer: boolean,
): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  if (hostHeader && url.host === hostHeader.trim().toLowerCase()) return true;
  if (allowedOrigins.some((allowed) => allowed.replace(/\/$/, '').toLowerCase() === url.origin)) return true;
  return loopbackServer && isLoopbackName(hostnameOf(url.host));
}
