import type { ServerResponse } from 'node:http';
import type { SimCluster } from '../model/cluster.ts';
import { dcgmExposition } from './state.ts';

/** `/sim/dcgm` (every GPU node, host label per series) and `/sim/dcgm/<node>` (one node's exporter). */
export const DCGM_PREFIX = '/sim/dcgm';

export function serveDcgm(cluster: SimCluster, pathname: string, res: ServerResponse): void {
  const rest = pathname.slice(DCGM_PREFIX.length).split('/').filter(Boolean);
  const send = (code: number, body: string, type = 'text/plain; charset=utf-8'): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(code, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  };
  if (rest.length > 1) {
    send(404, '404 page not found\n');
    return;
  }
  const body = dcgmExposition(cluster, rest[0] === undefined ? undefined : decodeURIComponent(rest[0]));
  if (body === null) send(404, `no GPU node "${rest[0]}"\n`);
  else send(200, body, 'text/plain; version=0.0.4; charset=utf-8');
}
