import { BlockList, isIP } from 'node:net';

/** The addresses an authenticating proxy connects from; only they may set the user header. */
export interface TrustedPeers {
  /** The CIDRs as given, for messages. */
  readonly cidrs: readonly string[];
  contains(address: string | undefined): boolean;
}

/**
 * Parses CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses. IPv4 ranges also match IPv4-mapped
 * IPv6 peers (`::ffff:10.1.2.3`), as a dual-stack listener reports them. Returns the problems found.
 */
export function parseTrustedPeers(entries: readonly string[]): { peers: TrustedPeers; problems: string[] } {
  const list = new BlockList();
  const problems: string[] = [];
  const cidrs: string[] = [];
  for (const entry of entries) {
    const [address = '', prefixRaw] = entry.split('/', 2);
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixRaw === undefined ? max : Number(prefixRaw);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixRaw === '') {
      problems.push(
        `--auth-proxy-trusted: "${entry}" is not an address or CIDR (like 10.0.0.0/8 or fd00::/8)`,
      );
      continue;
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    cidrs.push(entry);
  }
  return {
    peers: {
      cidrs,
      contains(address) {
        if (!address) return false;
        const family = isIP(address);
        if (family === 0) return false;
        return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
      },
    },
    problems,
  };
}
