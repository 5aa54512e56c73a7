import type { JSX } from 'react';
import { HeatmapCanvas, HeatmapLegend } from '../../components/heatmap/heatmap-canvas.tsx';
import { PodLink } from '../../components/pod-link.tsx';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import type { GpuPoolData } from '../../graphql/use-pools.ts';
import type { PoolsHistory } from '../../graphql/use-pools-history.ts';
import { formatCount, plural } from '../../lib/format.ts';
import { formatClock, parseDateTime } from '../../lib/time.ts';
import { IdlePods } from './idle-pods.tsx';
import { PoolHistory } from './pool-history.tsx';

type Resource = GpuPoolData['resources'][number];

/** "37%" (whole percent; "<1%" for a small share that is not zero). */
export function percentText(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** "nvidia.com/mig-1g.10gb" → "mig-1g.10gb"; whole GPUs read "GPUs". */
export function resourceName(resource: string): string {
  if (resource === 'nvidia.com/gpu') return 'GPUs';
  return resource.replace(/^nvidia\.com\//, '');
}

/** What the heatmap's usage source means for how held GPUs are drawn. */
export function usageNote(heatmap: NonNullable<GpuPoolData['heatmap']>): string {
  if (heatmap.usageSource === 'NONE')
    return 'No GPU usage data (DCGM-exporter) for this pool: held GPUs are drawn as "use unknown", never as busy or idle.';
  const asOf = parseDateTime(heatmap.usageAsOf);
  return `Usage from DCGM${asOf === null ? '' : ` as of ${formatClock(asOf)}`}; busy at ≥ ${percentText(heatmap.busyThreshold)} engine activity.`;
}

function poolFacts(pool: GpuPoolData): string {
  const sharing =
    pool.sharingMode === 'none'
      ? ''
      : ` · ${pool.sharingMode}${pool.migProfiles.length > 0 ? ` (${pool.migProfiles.join(', ')})` : ''}${pool.replicas === null ? '' : ` ×${pool.replicas}`}`;
  const drivers = pool.driverVersions.map((d) => d.version).join(' / ');
  return `${pool.sku || 'unknown SKU'} · ${pool.gpusPerNode} per node${sharing}${drivers === '' ? '' : ` · driver ${drivers}`}`;
}

/** "1 node has 5 free · 2 have 6": how many usable nodes have each free count, fewest free first. */
export function freePerNodeText(counts: readonly { free: number; nodes: number }[]): string {
  return counts
    .map(
      (c, i) =>
        `${i === 0 ? plural(c.nodes, 'node') : formatCount(c.nodes)} ${c.nodes === 1 ? 'has' : 'have'} ${c.free}`,
    )
    .join(' · ');
}

function FragmentationTable({ resources }: { resources: readonly Resource[] }): JSX.Element {
  return (
    <table className="pool-table" data-testid="pool-fragmentation">
      <caption>Fragmentation by request size</caption>
      <thead>
        <tr>
          <th scope="col">resource</th>
          <th scope="col">free / usable</th>
          <th scope="col">Frag₁</th>
          <th scope="col">Frag₂</th>
          <th scope="col">Frag₄</th>
          <th scope="col">Frag₈</th>
          <th scope="col">E</th>
          <th scope="col">largest placeable</th>
          <th scope="col">free per node</th>
        </tr>
      </thead>
      <tbody>
        {resources.map((r) => {
          const share = (k: number) => r.bySize.find((s) => s.size === k);
          return (
            <tr key={r.resource}>
              <th scope="row">{resourceName(r.resource)}</th>
              <td>
                {formatCount(r.free)} / {formatCount(r.allocatable)}
              </td>
              {[1, 2, 4, 8].map((k) => {
                const s = share(k);
                return (
                  <td
                    key={k}
                    title={s === undefined ? undefined : `${s.stranded} stranded, ${s.slots} slots of ${k}`}
                  >
                    {r.free === 0 ? '—' : s === undefined ? '?' : percentText(s.share)}
                  </td>
                );
              })}
              <td title={`request mix from ${r.mixSource}`}>
                {r.free === 0 ? '—' : percentText(r.expectedFragmentation)}
              </td>
              <td>
                {r.largestPlaceable}
                {r.largestPlaceableNode === null ? '' : ` on ${r.largestPlaceableNode}`}
              </td>
              <td className="pool-table__histogram">
                {r.freePerNode.length === 0 ? '—' : freePerNodeText(r.freePerNode)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Worst-node rows shown before the table is opened (a node with many pools stays one screen). */
export const WORST_ROWS_OPEN = 6;

function WorstNodesTable({ pool }: { pool: GpuPoolData }): JSX.Element {
  if (pool.worstNodes.length === 0) {
    return (
      <p className="pool-panel__empty" data-testid="pool-worst-nodes">
        No node with unhealthy, unusable, idle or unmeasured held GPUs.
      </p>
    );
  }
  return (
    <details
      className="pool-panel"
      open={pool.worstNodes.length <= WORST_ROWS_OPEN}
      data-testid="pool-worst-nodes-box"
    >
      <summary>
        <h4>
          Worst nodes ({pool.worstNodes.length}
          {pool.worstNodes.length >= 20 ? '+' : ''}) — the heatmap in words
        </h4>
      </summary>
      <table className="pool-table" data-testid="pool-worst-nodes">
        <thead>
          <tr>
            <th scope="col">node</th>
            <th scope="col" title="unhealthy">
              unhl.
            </th>
            <th scope="col" title="not usable">
              n/u
            </th>
            <th scope="col">idle</th>
            <th scope="col" title="allocated, use unknown">
              unkn.
            </th>
            <th scope="col">busy</th>
            <th scope="col">free</th>
            <th scope="col">why</th>
          </tr>
        </thead>
        <tbody>
          {pool.worstNodes.map((n) => (
            <tr key={n.node} data-node={n.node}>
              <th scope="row">{n.node}</th>
              <td>{n.unhealthy}</td>
              <td>{n.notUsable}</td>
              <td>{n.idle}</td>
              <td>{n.allocatedUnknown}</td>
              <td>{n.busy}</td>
              <td>{n.free}</td>
              <td>{n.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function BlockedPods({ cluster, pool }: { cluster: string; pool: GpuPoolData }): JSX.Element {
  return (
    <section className="pool-panel" data-testid="pool-blocked">
      <h4>Blocked by fragmentation ({pool.blockedPods.length})</h4>
      {pool.blockedPods.length === 0 ? (
        <p className="pool-panel__empty">No pending pod held back by fragmentation.</p>
      ) : (
        <ul>
          {pool.blockedPods.map((b) => (
            <li key={`${b.namespace}/${b.name}/${b.resource}`}>
              <strong>
                <PodLink pod={{ cluster, namespace: b.namespace, name: b.name }} />
              </strong>{' '}
              needs {b.request} {resourceName(b.resource)} on one node; largest free {b.largestFree}
              {b.largestNode === null ? '' : ` on ${b.largestNode}`}
              <div className="pool-panel__detail">{b.explanation}</div>
              {b.suggestion === null ? null : (
                <div className="pool-panel__detail" data-testid="pool-blocked-suggestion">
                  To make room: {b.suggestion.summary}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NotUsable({ pool }: { pool: GpuPoolData }): JSX.Element {
  return (
    <section className="pool-panel" data-testid="pool-not-usable">
      <h4>Not usable yet ({pool.notUsableYet.length})</h4>
      {pool.notUsableYet.length === 0 ? (
        <p className="pool-panel__empty">
          Every GPU node of the pool can take GPU pods (or is cordoned / not Ready).
        </p>
      ) : (
        <ul>
          {pool.notUsableYet.map((n) => (
            <li key={n.node}>
              <strong>{n.node}</strong>: {n.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One pool on the GPU Pools page: heatmap with legend, fragmentation, reserved vs busy over time,
 * blocked pods, not-usable nodes, worst nodes.
 */
export function PoolCard({
  cluster,
  pool,
  history = null,
}: {
  cluster: string;
  pool: GpuPoolData;
  /** Allocation vs use per pool (polled); null: not asked (tests, fixtures). */
  history?: PolledResult<PoolsHistory> | null;
}): JSX.Element {
  const map = pool.heatmap;
  return (
    <article className="pool-card" data-testid="pool-card" data-pool={pool.pool} data-cluster={cluster}>
      <header className="pool-card__head">
        <h3>{pool.pool}</h3>
        <p>
          {poolFacts(pool)} · {pool.nodes.usable} of {plural(pool.nodes.total, 'node')} usable
          {pool.nodes.cordoned > 0 ? ` · ${pool.nodes.cordoned} cordoned` : ''}
        </p>
      </header>
      <div className="pool-card__body">
        <div className="pool-card__main">
          {map === null ? (
            <p className="pool-panel__empty">No heatmap yet: the pool has not been counted.</p>
          ) : (
            <div className="pool-card__map">
              <HeatmapCanvas
                heatmap={map}
                maxHeight={360}
                label={`GPU heatmap of pool ${pool.pool}: ${map.legend
                  .filter((l) => l.cellState !== 'EMPTY' && l.cells > 0)
                  .map((l) => `${l.cells} ${l.label}`)
                  .join(', ')}`}
                testId="pool-heatmap"
              />
              <HeatmapLegend legend={map.legend} />
              <p className="pool-card__note" data-testid="pool-usage-note" data-usage={map.usageSource}>
                {usageNote(map)}
                {map.truncatedNodes > 0
                  ? ` ${plural(map.truncatedNodes, 'node')} beyond the cell cap are not drawn.`
                  : ''}
              </p>
            </div>
          )}
          <FragmentationTable resources={pool.resources} />
          {history !== null && <PoolHistory result={history} cluster={cluster} pool={pool.pool} />}
        </div>
        <div className="pool-card__side">
          <BlockedPods cluster={cluster} pool={pool} />
          <IdlePods cluster={cluster} pool={pool.pool} />
          <NotUsable pool={pool} />
          <WorstNodesTable pool={pool} />
        </div>
      </div>
    </article>
  );
}
