import type { JSX, ReactNode } from 'react';
import type { ClusterTileFieldsFragment } from '../graphql/generated.ts';
import { formatCount, formatRatio } from '../lib/format.ts';
import { assessFreshness } from '../lib/staleness.ts';
import { parseDateTime } from '../lib/time.ts';
import { clusterHref } from '../router.ts';
import { DataAsOf } from './data-as-of.tsx';
import { FreshnessDetails } from './freshness-details.tsx';
import { GpuTotals } from './gpu-bar.tsx';
import { PlaneSection } from './plane-section.tsx';
import { StaleBanner } from './stale-banner.tsx';

export interface ClusterTileProps {
  cluster: ClusterTileFieldsFragment;
  /** Browser clock (epoch ms) used to age `dataAsOf`. */
  now: number;
}

interface Extra {
  count: number;
  text: string;
}

function Count({ label, value, extras }: { label: string; value: string; extras: Extra[] }): JSX.Element {
  const shown = extras.filter((e) => e.count > 0);
  return (
    <div className="count">
      <dt className="count__label">{label}</dt>
      <dd className="count__value">
        {value}
        {shown.length > 0 && (
          <span className="count__extras">
            {shown.map((e) => (
              <span key={e.text} className="chip chip--warn">
                {formatCount(e.count)} {e.text}
              </span>
            ))}
          </span>
        )}
      </dd>
    </div>
  );
}

/** One cluster on the wall: both planes apart, counts, GPUs, and how fresh all of it is. */
export function ClusterTile({ cluster, now }: ClusterTileProps): JSX.Element {
  const freshness = assessFreshness({ stale: cluster.stale, dataAsOf: parseDateTime(cluster.dataAsOf) }, now);
  const { nodes, pods, workloads } = cluster;
  const counts: ReactNode = (
    <dl className="counts">
      <Count
        label="Nodes ready"
        value={formatRatio(nodes.ready, nodes.total)}
        extras={[
          { count: nodes.notReady, text: 'not ready' },
          { count: nodes.unknown, text: 'unknown' },
          { count: nodes.cordoned, text: 'cordoned' },
        ]}
      />
      <Count
        label="Pods running"
        value={formatRatio(pods.running, pods.total)}
        extras={[
          { count: pods.pending, text: 'pending' },
          { count: pods.crashLooping, text: 'crash-looping' },
          { count: pods.failed, text: 'failed' },
        ]}
      />
      <Count
        label="Deployments available"
        value={formatRatio(workloads.deploymentsAvailable, workloads.deployments)}
        extras={[{ count: workloads.servicesWithoutEndpoints, text: 'services without endpoints' }]}
      />
    </dl>
  );
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
        <DataAsOf freshness={freshness} testId="data-as-of" />
      </header>
      <StaleBanner freshness={freshness} />
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
      <div className={freshness.stale ? 'muted' : undefined}>{counts}</div>
      <GpuTotals gpus={cluster.gpus} stale={freshness.stale} testId="gpu-totals" />
      <FreshnessDetails freshness={cluster.freshness} now={now} />
    </article>
  );
}
