import { type CSSProperties, type JSX, useMemo } from 'react';
import { ClusterTile } from '../../components/cluster-tile.tsx';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import {
  feedSentence,
  LiveAnnouncer,
  needsAttention,
  verdictWords,
} from '../../components/live-announcer.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { FleetOverviewFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import { useFleetFreshness } from '../../lib/fleet-freshness.ts';
import { isFleetStatusStale } from '../../lib/status.ts';
import { FleetHeader } from './fleet-header.tsx';

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Columns for n tiles: one row up to four clusters, then two rows, so a wall never scrolls. */
export function columnsFor(n: number): number {
  if (n <= 1) return 1;
  if (n <= 4) return n;
  return Math.min(6, Math.ceil(n / 2));
}

const NO_CLUSTERS: FleetOverviewFragment['clusters'] = [];

/** What the live region says about the fleet: statuses only, so it changes when a status does. */
export function fleetAnnouncement(
  data: FleetOverviewFragment | null,
  error: Error | null,
  connection: LiveResult<FleetOverviewFragment>['connection'],
  staleClusters: readonly string[],
): string {
  if (data === null) {
    return error === null ? 'Loading the fleet.' : `No fleet data. ${feedSentence(connection)}`;
  }
  const total = data.clusters.length;
  const stale = staleClusters.length;
  const attention = data.clusters
    .filter((c) => !staleClusters.includes(c.name))
    .filter((c) => needsAttention(c.controlPlane.status) || needsAttention(c.dataPlane.status))
    .map((c) => c.name)
    .sort();
  return [
    `Fleet: ${verdictWords('control plane', data.controlPlane.status, isFleetStatusStale(data.controlPlane.status, stale, total))}, ${verdictWords('data plane', data.dataPlane.status, isFleetStatusStale(data.dataPlane.status, stale, total))}.`,
    stale === 0
      ? 'All clusters current.'
      : `${stale} of ${total} clusters stale: ${staleClusters.join(', ')}.`,
    attention.length === 0 ? '' : `Not healthy: ${attention.join(', ')}.`,
    feedSentence(connection),
  ]
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * The Fleet view for a live result: loading, error, empty, or header plus one tile per cluster. Time
 * enters only through the clock hooks, so a tick re-renders nothing here unless a cluster turns stale.
 */
export function FleetView({
  result,
  kiosk = false,
}: {
  result: LiveResult<FleetOverviewFragment>;
  /** Shown on a wall (no links, no scrolling). */
  kiosk?: boolean;
}): JSX.Element {
  const { data, error, connection, receivedAt } = result;
  const clusters = useMemo(() => [...(data?.clusters ?? NO_CLUSTERS)].sort(byName), [data]);
  const { combined, freshness: fleetFreshness, staleClusters } = useFleetFreshness(clusters, receivedAt);
  const announcer = <LiveAnnouncer message={fleetAnnouncement(data, error, connection, staleClusters)} />;

  if (data === null) {
    if (error !== null) {
      return (
        <>
          {announcer}
          <div className="page-message page-message--error" role="alert" data-testid="fleet-error">
            <h1>No fleet data</h1>
            <p>{describeError(error)}</p>
            <p>Retrying every 10 s.</p>
            <ConnectionStatus connection={connection} receivedAt={receivedAt} />
          </div>
        </>
      );
    }
    return (
      <>
        {announcer}
        <div className="page-message" data-testid="fleet-loading">
          <h1>Loading the fleet…</h1>
          <p>Asking the Fleetscope API at /graphql.</p>
        </div>
      </>
    );
  }

  return (
    <>
      {announcer}
      <div className="fleet-page">
        <FleetHeader
          fleet={data}
          freshness={fleetFreshness}
          freshnessInput={combined}
          staleClusters={staleClusters}
          connection={connection}
          receivedAt={receivedAt}
          kiosk={kiosk}
        />
        {error !== null && (
          <div className="page-alert" role="alert" data-testid="fleet-error">
            {describeError(error)}
          </div>
        )}
        {clusters.length === 0 ? (
          <p className="page-message">The API knows no clusters yet.</p>
        ) : (
          <main className="tiles" style={{ '--columns': columnsFor(clusters.length) } as CSSProperties}>
            {clusters.map((cluster) => (
              <ClusterTile key={cluster.name} cluster={cluster} receivedAt={receivedAt} />
            ))}
          </main>
        )}
      </div>
    </>
  );
}
