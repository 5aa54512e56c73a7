import { type JSX, memo, useMemo } from 'react';
import type { ClusterTileFieldsFragment } from '../graphql/generated/graphql.ts';
import { useFreshness } from '../lib/clock.ts';
import { clusterFreshnessInput } from '../lib/staleness.ts';
import { clusterHref } from '../router.ts';
import { ClusterCounts } from './cluster-counts.tsx';
import { DataAsOf } from './data-as-of.tsx';
import { FreshnessDetails } from './freshness-details.tsx';
import { GpuTotals } from './gpu-bar.tsx';
import { PlaneSection } from './plane-section.tsx';
import { StaleBanner } from './stale-banner.tsx';

export interface ClusterTileProps {
  cluster: ClusterTileFieldsFragment;
  /** When this browser received the answer (epoch ms): ages and the "no newer answer" rule count from it. */
  receivedAt: number | null;
}

/**
 * One cluster on the wall: both planes apart, counts, GPUs, and how fresh all of it is. Re-renders when
 * its answer changes or it turns stale, not on every tick; its parts re-render only when their own data
 * changes (the cache keeps unchanged objects identical).
 */
export const ClusterTile = memo(function ClusterTile({ cluster, receivedAt }: ClusterTileProps): JSX.Element {
  const input = useMemo(() => clusterFreshnessInput(cluster, receivedAt), [cluster, receivedAt]);
  const freshness = useFreshness(input);
  return (
    <article
      className={`tile${freshness.stale ? ' tile--stale' : ''}`}
      data-testid="cluster-tile"
      data-cluster={cluster.name}
      data-stale={freshness.stale ? 'true' : 'false'}
      aria-label={`Cluster ${cluster.name}`}
    >
      <header className="tile__head">
        <h2 className="tile__name">
          <a href={clusterHref(cluster.name)}>{cluster.name}</a>
        </h2>
        <DataAsOf freshness={freshness} input={input} testId="data-as-of" />
      </header>
      <StaleBanner freshness={freshness} input={input} />
      <div className="planes">
        <PlaneSection
          title="Control plane"
          health={cluster.controlPlane}
          stale={freshness.stale}
          testId="control-plane-status"
        />
        <PlaneSection
          title="Data plane"
          health={cluster.dataPlane}
          stale={freshness.stale}
          testId="data-plane-status"
        />
      </div>
      <div className={freshness.stale ? 'muted' : undefined}>
        <ClusterCounts nodes={cluster.nodes} pods={cluster.pods} workloads={cluster.workloads} />
      </div>
      <GpuTotals gpus={cluster.gpus} stale={freshness.stale} testId="gpu-totals" />
      <FreshnessDetails
        freshness={cluster.freshness}
        generatedAt={cluster.generatedAt}
        receivedAt={receivedAt}
      />
    </article>
  );
});
