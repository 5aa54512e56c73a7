import type { JSX } from 'react';
import { FeedClock } from '../../components/feed-clock.tsx';
import { GpuTotals } from '../../components/gpu-bar.tsx';
import { PlaneSection } from '../../components/plane-section.tsx';
import type { FleetOverviewFragment } from '../../graphql/generated/graphql.ts';
import type { Connection } from '../../graphql/use-live-query.ts';
import type { FreshnessState } from '../../lib/clock.ts';
import { plural } from '../../lib/format.ts';
import type { FreshnessInput } from '../../lib/staleness.ts';
import { isFleetStatusStale } from '../../lib/status.ts';
import { MANAGER_HREF, POOLS_HREF, TRIAGE_HREF } from '../../router.ts';

export interface FleetHeaderProps {
  fleet: FleetOverviewFragment;
  freshness: FreshnessState;
  /** The fleet's combined freshness input, for the age shown when stale; null without clusters. */
  freshnessInput: FreshnessInput | null;
  /** Names of clusters whose data is stale (sorted). */
  staleClusters: string[];
  connection: Connection;
  receivedAt: number | null;
  /** On a wall: no links (nobody clicks a wall). */
  kiosk?: boolean;
}

/** The fleet roll-up: both planes apart, fleet GPUs, the data-as-of clock and the feed state. */
export function FleetHeader({
  fleet,
  freshness,
  freshnessInput,
  staleClusters,
  connection,
  receivedAt,
  kiosk = false,
}: FleetHeaderProps): JSX.Element {
  const total = fleet.clusters.length;
  return (
    <header className={`fleet-header${freshness.stale ? ' fleet-header--stale' : ''}`}>
      <div className="fleet-header__brand">
        <h1>Fleetscope</h1>
        <p>Fleet · {plural(fleet.clusters.length, 'cluster')}</p>
        {/* On a line of its own: the brand column stays as narrow as the name, so the planes keep their width. */}
        {!kiosk && (
          <p>
            <a href={TRIAGE_HREF} data-testid="triage-link">
              Triage →
            </a>{' '}
            <a href={POOLS_HREF} data-testid="pools-link">
              GPU pools →
            </a>{' '}
            <a href={MANAGER_HREF} data-testid="manager-link">
              GPU spend →
            </a>
          </p>
        )}
      </div>
      <PlaneSection
        title="Control plane"
        health={fleet.controlPlane}
        stale={isFleetStatusStale(fleet.controlPlane.status, staleClusters.length, total)}
        testId="fleet-control-plane-status"
      />
      <PlaneSection
        title="Data plane"
        health={fleet.dataPlane}
        stale={isFleetStatusStale(fleet.dataPlane.status, staleClusters.length, total)}
        testId="fleet-data-plane-status"
      />
      <GpuTotals
        gpus={fleet.gpus}
        stale={total === 0 || staleClusters.length === total}
        testId="fleet-gpu-totals"
        showOthers={false}
      />
      <FeedClock
        className="fleet-header__clock"
        testId="fleet-data-as-of"
        freshness={freshness}
        input={freshnessInput}
        staleClusters={staleClusters}
        total={total}
        connection={connection}
        receivedAt={receivedAt}
      />
    </header>
  );
}
