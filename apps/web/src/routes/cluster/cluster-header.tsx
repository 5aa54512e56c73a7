import type { JSX } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { DataAsOf } from '../../components/data-as-of.tsx';
import { FreshnessDetails } from '../../components/freshness-details.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { ClusterDetailFragment, HealthStatus } from '../../graphql/generated/graphql.ts';
import type { Connection } from '../../graphql/use-live-query.ts';
import type { FreshnessState } from '../../lib/clock.ts';
import { type ImpactFlagState, impactFlagState, impactFlagText } from '../../lib/impact.ts';
import { describeStaleReason, type FreshnessInput } from '../../lib/staleness.ts';
import { FLEET_HREF, poolsHref, rolloutsHref } from '../../router.ts';

export interface ClusterHeaderProps {
  cluster: ClusterDetailFragment;
  freshness: FreshnessState;
  /** What the freshness and ages are computed from (the answer and its receipt). */
  freshnessInput: FreshnessInput;
  connection: Connection;
  receivedAt: number | null;
}

/** Glyphs so a flag reads without colour. */
const FLAG_GLYPHS: Record<ImpactFlagState, string> = { impaired: '▲', ok: '✓', unknown: '?', stale: '◷' };

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
      <span className="impact-flag__glyph" aria-hidden="true">
        {FLAG_GLYPHS[state]}
      </span>
      <span className="impact-flag__label">{label}:</span>{' '}
      <strong className="impact-flag__value">{impactFlagText(state, impaired)}</strong>
    </div>
  );
}

/**
 * The cluster's headline: what is impaired in one sentence, which traffic it hurts, both planes apart, and
 * how current all of it is. Name, clock, feed and sources share the left column so the statement gets the
 * rest of the width: two lines, not four, on a wall. When stale, the clock itself turns loud and says why
 * (no separate banner: the page must still fit one screen).
 */
/** Beyond this many characters the sentence is set smaller so the wall still fits one screen. */
const LONG_IMPACT = 140;

export function ClusterHeader({
  cluster,
  freshness,
  freshnessInput,
  connection,
  receivedAt,
}: ClusterHeaderProps): JSX.Element {
  const { controlPlane, dataPlane } = cluster;
  const stale = freshness.stale;
  return (
    <header className={`cluster-header${stale ? ' cluster-header--stale' : ''}`}>
      <div className="cluster-header__id">
        <h1>{cluster.name}</h1>
        <DataAsOf
          freshness={freshness}
          input={freshnessInput}
          testId="cluster-data-as-of"
          size="large"
          staleNote={freshness.reason === null ? undefined : describeStaleReason(freshness.reason)}
        />
        <div className="cluster-header__feed">
          <a className="cluster-header__back" href={FLEET_HREF}>
            ← Fleet
          </a>
          <a className="cluster-header__back" href={poolsHref(cluster.name)} data-testid="cluster-pools-link">
            GPU pools →
          </a>
          <a className="cluster-header__back" href={rolloutsHref(cluster.name)} data-testid="rollouts-link">
            Rollouts →
          </a>
          <ConnectionStatus connection={connection} receivedAt={receivedAt} />
        </div>
        <FreshnessDetails
          freshness={cluster.freshness}
          generatedAt={cluster.generatedAt}
          receivedAt={receivedAt}
        />
      </div>
      <div className="cluster-header__main">
        <p
          className={`impact-statement${controlPlane.impact.statement.length > LONG_IMPACT ? ' impact-statement--long' : ''}${stale ? ' muted' : ''}`}
          data-testid="impact-statement"
        >
          {controlPlane.impact.statement}
        </p>
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
      </div>
    </header>
  );
}
