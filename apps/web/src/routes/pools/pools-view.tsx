import type { JSX } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { FeedClock } from '../../components/feed-clock.tsx';
import { feedSentence, LiveAnnouncer } from '../../components/live-announcer.tsx';
import { StaleBanner } from '../../components/stale-banner.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { PoolsFleetFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import type { PoolsHistory } from '../../graphql/use-pools-history.ts';
import { useFleetFreshness } from '../../lib/fleet-freshness.ts';
import { plural } from '../../lib/format.ts';
import { clusterHref, FLEET_HREF, POOLS_HREF, TRIAGE_HREF } from '../../router.ts';
import { ClusterGpuSideLine } from './cluster-gpu-side.tsx';
import { PoolCard } from './pool-card.tsx';
import { PoolsWall } from './pools-wall.tsx';

const NO_CLUSTERS: PoolsFleetFragment['clusters'] = [];

export interface PoolsViewProps {
  result: LiveResult<PoolsFleetFragment>;
  /** One cluster's pools (`#/clusters/:name/pools`); every cluster's when absent. */
  cluster?: string | null;
  kiosk?: boolean;
  /** Allocation vs use per pool over time (polled); null: not shown. */
  history?: PolledResult<PoolsHistory> | null;
}

/** What the live region says: pool count, blocked pods and unhealthy GPUs, and the feed. */
export function poolsAnnouncement(
  clusters: PoolsFleetFragment['clusters'] | null,
  stale: boolean,
  connection: LiveResult<PoolsFleetFragment>['connection'],
): string {
  if (clusters === null) return `No GPU pool data. ${feedSentence(connection)}`;
  const pools = clusters.flatMap((c) => c.gpuPools);
  const blocked = pools.reduce((n, p) => n + p.blockedPods.length, 0);
  const unhealthy = pools.reduce(
    (n, p) => n + (p.heatmap?.legend.find((l) => l.cellState === 'UNHEALTHY')?.cells ?? 0),
    0,
  );
  return `${stale ? 'GPU pool data is STALE. ' : ''}${plural(pools.length, 'GPU pool')}, ${plural(blocked, 'blocked pod')}, ${plural(unhealthy, 'unhealthy GPU')}. ${feedSentence(connection)}`;
}

/**
 * GPU Pools: per cluster and pool, the node × GPU heatmap, fragmentation by request size, blocked pods,
 * nodes not usable yet and the worst nodes in words. On a wall (kiosk) the compact tiles instead. Stale
 * or unreachable data is said loudly, as on every view.
 */
export function PoolsView({
  result,
  cluster = null,
  kiosk = false,
  history = null,
}: PoolsViewProps): JSX.Element {
  const { data, error, connection, receivedAt } = result;
  const all = data?.clusters ?? NO_CLUSTERS;
  const clusters = cluster === null ? all : all.filter((c) => c.name === cluster);
  const { combined, freshness, staleClusters } = useFleetFreshness(clusters, receivedAt);
  const stale = freshness.stale || connection === 'offline';
  const announcer = (
    <LiveAnnouncer message={poolsAnnouncement(data === null ? null : clusters, stale, connection)} />
  );

  if (data === null) {
    return (
      <>
        {announcer}
        <div
          className={`page-message${error === null ? '' : ' page-message--error'}`}
          role={error === null ? undefined : 'alert'}
          data-testid={error === null ? 'pools-loading' : 'pools-error'}
        >
          <h1>{error === null ? 'Loading GPU pools…' : 'No GPU pool data'}</h1>
          <p>{error === null ? 'Asking the Fleetscope API at /graphql.' : describeError(error)}</p>
          {error !== null && <ConnectionStatus connection={connection} receivedAt={receivedAt} />}
        </div>
      </>
    );
  }

  const pools = clusters.reduce((n, c) => n + c.gpuPools.length, 0);
  return (
    <>
      {announcer}
      <div className={`pools-page${kiosk ? ' pools-page--kiosk' : ''}`} data-testid="pools-view">
        <header className={`triage-header${stale ? ' triage-header--stale' : ''}`}>
          <div className="triage-header__brand">
            <h1>GPU pools</h1>
            <p>
              {cluster === null ? plural(clusters.length, 'cluster') : cluster} · {plural(pools, 'pool')}
              {!kiosk && (
                <>
                  {' · '}
                  <a href={FLEET_HREF}>Fleet</a>
                  {' · '}
                  <a href={TRIAGE_HREF}>Triage</a>
                  {cluster !== null && (
                    <>
                      {' · '}
                      <a href={POOLS_HREF}>All pools</a>
                    </>
                  )}
                </>
              )}
            </p>
          </div>
          <div />
          <FeedClock
            className="triage-header__clock"
            testId="pools-data-as-of"
            freshness={freshness}
            input={combined}
            staleClusters={staleClusters}
            total={clusters.length}
            connection={connection}
            receivedAt={receivedAt}
          />
        </header>
        {combined !== null && <StaleBanner freshness={freshness} input={combined} />}
        {error !== null && (
          <div className="page-alert" role="alert" data-testid="pools-error">
            {describeError(error)}
          </div>
        )}
        {cluster !== null && clusters.length === 0 && (
          <div className="page-note" data-testid="pools-unknown-cluster">
            No watched cluster is named {cluster}.
          </div>
        )}
        {kiosk ? (
          <PoolsWall clusters={clusters} stale={stale} />
        ) : (
          <main className={`pools${stale ? ' pools--stale' : ''}`}>
            {clusters.map((c) => (
              <section
                key={c.name}
                className="pools__cluster"
                data-testid="pools-cluster"
                data-cluster={c.name}
              >
                <h2>
                  <a href={clusterHref(c.name)}>{c.name}</a>
                  {c.stale && <span className="pools__stale"> · STALE</span>}
                </h2>
                <ClusterGpuSideLine cluster={c} />
                {c.gpuPools.length === 0 ? (
                  <p className="pool-panel__empty">No GPU nodes (or none listed yet).</p>
                ) : (
                  c.gpuPools.map((p) => <PoolCard key={p.pool} cluster={c.name} pool={p} history={history} />)
                )}
              </section>
            ))}
          </main>
        )}
      </div>
    </>
  );
}
