import type { JSX } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { DataAsOf } from '../../components/data-as-of.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { ClusterDetailFragment, HealthStatus } from '../../graphql/generated.ts';
import type { Connection } from '../../graphql/use-live-query.ts';
import { impactFlagState, impactFlagText } from '../../lib/impact.ts';
import type { Freshness } from '../../lib/staleness.ts';
import { FLEET_HREF } from '../../router.ts';

export interface ClusterHeaderProps {
  cluster: ClusterDetailFragment;
  freshness: Freshness;
  connection: Connection;
  receivedAt: number | null;
}

function ImpactFlag({
  label,
  impaired,
  status,
  stale,
  testId,
}: {
  label: string;
  impaired: boolean;
  status: HealthStatus;
  stale: boolean;
  testId: string;
}): JSX.Element {
  const state = impactFlagState(impaired, status, stale);
  return (
    <div
      className={`impact-flag impact-flag--${state}`}
      data-testid={testId}
      data-impaired={impaired ? 'true' : 'false'}
      data-state={state}
    >
      <span className="impact-flag__label">{label}:</span>{' '}
      <strong className="impact-flag__value">{impactFlagText(state, impaired)}</strong>
    </div>
  );
}

/**
 * The cluster's headline: what is impaired in one sentence, which traffic it hurts, both planes apart, and
 * how current all of it is.
 */
export function ClusterHeader({
  cluster,
  freshness,
  connection,
  receivedAt,
}: ClusterHeaderProps): JSX.Element {
  const { controlPlane, dataPlane } = cluster;
  const stale = freshness.stale;
  return (
    <header className={`cluster-header${stale ? ' cluster-header--stale' : ''}`}>
      <div className="cluster-header__top">
        <div className="cluster-header__name">
          <a className="cluster-header__back" href={FLEET_HREF}>
            ← Fleet
          </a>
          <h1>{cluster.name}</h1>
        </div>
        <p className={`impact-statement${stale ? ' muted' : ''}`} data-testid="impact-statement">
          {controlPlane.impact.statement}
        </p>
        <div className="cluster-header__clock">
          <DataAsOf freshness={freshness} testId="cluster-data-as-of" size="large" />
          <ConnectionStatus connection={connection} receivedAt={receivedAt} />
        </div>
      </div>
      <div className="cluster-header__verdicts">
        <ImpactFlag
          label="Operations path"
          impaired={controlPlane.impact.operationsPath}
          status={controlPlane.status}
          stale={stale}
          testId="operations-path"
        />
        <ImpactFlag
          label="User path"
          impaired={controlPlane.impact.userPath}
          status={controlPlane.status}
          stale={stale}
          testId="user-path"
        />
        <section className="verdict" aria-label="Control plane">
          <span className="verdict__title">Control plane</span>
          <StatusBadge status={controlPlane.status} stale={stale} testId="control-plane-status" />
        </section>
        <section className="verdict" aria-label="Data plane">
          <span className="verdict__title">Data plane</span>
          <StatusBadge status={dataPlane.status} stale={stale} testId="data-plane-status" />
        </section>
      </div>
    </header>
  );
}
