import type { CSSProperties, JSX } from 'react';
import { ClusterTile } from '../../components/cluster-tile.tsx';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { FleetOverviewFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import {
  assessFreshness,
  clusterFreshnessInput,
  combineFreshness,
  type Freshness,
} from '../../lib/staleness.ts';
import { useNow } from '../../lib/use-now.ts';
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

/** The Fleet view for a live result: loading, error, empty, or header plus one tile per cluster. */
export function FleetView({ result }: { result: LiveResult<FleetOverviewFragment> }): JSX.Element {
  const now = useNow();
  const { data, error, connection, receivedAt } = result;

  if (data === null) {
    if (error !== null) {
      return (
        <div className="page-message page-message--error" role="alert" data-testid="fleet-error">
          <h1>No fleet data</h1>
          <p>{describeError(error)}</p>
          <p>Retrying every 10 s.</p>
          <ConnectionStatus connection={connection} receivedAt={receivedAt} />
        </div>
      );
    }
    return (
      <div className="page-message" role="status" data-testid="fleet-loading">
        <h1>Loading the fleet…</h1>
        <p>Asking the Fleetscope API at /graphql.</p>
      </div>
    );
  }

  const clusters = [...data.clusters].sort(byName);
  const inputs = clusters.map((c) => clusterFreshnessInput(c, receivedAt));
  const combined = combineFreshness(inputs);
  const fleetFreshness: Freshness =
    combined === null
      ? { stale: true, reason: 'never-synced', dataAsOf: null, ageMs: null }
      : assessFreshness(combined, now);
  const staleClusters = clusters
    .filter((_, i) => {
      const input = inputs[i];
      return input === undefined || assessFreshness(input, now).stale;
    })
    .map((c) => c.name);

  return (
    <div className="fleet-page">
      <FleetHeader
        fleet={data}
        freshness={fleetFreshness}
        staleClusters={staleClusters}
        connection={connection}
        receivedAt={receivedAt}
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
            <ClusterTile key={cluster.name} cluster={cluster} now={now} receivedAt={receivedAt} />
          ))}
        </main>
      )}
    </div>
  );
}
