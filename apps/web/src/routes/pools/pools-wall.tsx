import type { JSX } from 'react';
import { HeatmapCanvas, HeatmapLegend } from '../../components/heatmap/heatmap-canvas.tsx';
import type { PoolsFleetFragment } from '../../graphql/generated/graphql.ts';
import type { GpuPoolData } from '../../graphql/use-pools.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { percentText } from './pool-card.tsx';

/** Pool tiles a wall shows at most; the rest are counted, so the page never scrolls. */
export const WALL_POOL_TILES = 12;

function count(pool: GpuPoolData, state: string): number {
  return pool.heatmap?.legend.find((l) => l.cellState === state)?.cells ?? 0;
}

/** The numbers a tile shows under its map, worst facts first. */
export function tileFacts(pool: GpuPoolData): { key: string; text: string; bad: boolean }[] {
  const whole = pool.resources[0];
  const facts: { key: string; text: string; bad: boolean }[] = [];
  if (whole !== undefined) {
    facts.push({
      key: 'free',
      text: `${formatCount(whole.free)}/${formatCount(whole.allocatable)} free`,
      bad: false,
    });
    facts.push({ key: 'largest', text: `largest ${whole.largestPlaceable}`, bad: false });
    if (whole.free > 0)
      facts.push({ key: 'e', text: `E ${percentText(whole.expectedFragmentation)}`, bad: false });
  }
  const blocked = pool.blockedPods.length;
  if (blocked > 0) facts.push({ key: 'blocked', text: `${plural(blocked, 'pod')} blocked`, bad: true });
  const unhealthy = count(pool, 'UNHEALTHY');
  if (unhealthy > 0)
    facts.push({ key: 'unhealthy', text: `${plural(unhealthy, 'GPU')} unhealthy`, bad: true });
  if (pool.notUsableYet.length > 0)
    facts.push({
      key: 'not-usable',
      text: `${plural(pool.notUsableYet.length, 'node')} not usable`,
      bad: true,
    });
  const idle = count(pool, 'ALLOCATED_IDLE');
  if (idle > 0) facts.push({ key: 'idle', text: `${formatCount(idle)} idle`, bad: true });
  return facts;
}

/**
 * The wall's GPU page: one tile per pool, in the API's stable order (clusters as watched, pools by
 * name), each a heatmap filling its tile and the pool's key numbers; one legend for all. At most
 * WALL_POOL_TILES tiles, the rest counted.
 */
export function PoolsWall({
  clusters,
  stale,
}: {
  clusters: PoolsFleetFragment['clusters'];
  stale: boolean;
}): JSX.Element {
  const all = clusters.flatMap((c) =>
    c.gpuPools.map((pool) => ({ cluster: c.name, clusterStale: c.stale, pool })),
  );
  const shown = all.slice(0, WALL_POOL_TILES);
  const more = all.length - shown.length;
  const legend = shown.find((s) => s.pool.heatmap !== null)?.pool.heatmap?.legend ?? [];
  const noUsage = shown.every((s) => s.pool.heatmap?.usageSource !== 'DCGM');
  const columns = shown.length <= 2 ? shown.length : shown.length <= 6 ? 3 : 4;
  return (
    <main
      className={`pools-wall${stale ? ' pools-wall--stale' : ''}`}
      data-testid="pools-wall"
      style={{ ['--pool-columns' as string]: String(Math.max(1, columns)) }}
    >
      <div className="pools-wall__legend">
        <HeatmapLegend legend={legend} compact />
        {noUsage && <span className="pools-wall__note">no DCGM usage: held GPUs are “use unknown”</span>}
        {more > 0 && <span className="pools-wall__note">+{plural(more, 'more pool')}</span>}
      </div>
      <div className="pools-wall__tiles">
        {shown.map(({ cluster, clusterStale, pool }) => (
          <section
            key={`${cluster}/${pool.pool}`}
            className={`pool-tile${clusterStale || stale ? ' pool-tile--stale' : ''}`}
            data-testid="pool-tile"
            data-pool={pool.pool}
            data-cluster={cluster}
          >
            <h2 className="pool-tile__title">
              <span className="pool-tile__name">{pool.pool}</span>
              <span className="pool-tile__cluster">{cluster}</span>
              {(clusterStale || stale) && <span className="pool-tile__stale">STALE</span>}
            </h2>
            <p className="pool-tile__sku">
              {pool.sku || 'unknown SKU'} · {pool.nodes.usable}/{plural(pool.nodes.total, 'node')}
            </p>
            {pool.heatmap === null ? (
              <p className="pool-tile__empty">not counted yet</p>
            ) : (
              <HeatmapCanvas
                heatmap={pool.heatmap}
                maxHeight="fill"
                maxCellRem={3}
                label={`GPU heatmap of pool ${pool.pool} in ${cluster}`}
                testId="pool-tile-heatmap"
              />
            )}
            <ul className="pool-tile__facts">
              {tileFacts(pool).map((f) => (
                <li key={f.key} className={f.bad ? 'pool-tile__fact--bad' : undefined}>
                  {f.text}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </main>
  );
}
