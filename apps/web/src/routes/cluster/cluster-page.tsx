import type { JSX } from 'react';
import { ClusterTile } from '../../components/cluster-tile.tsx';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { describeError } from '../../graphql/errors.ts';
import { useFleet } from '../../graphql/use-fleet.ts';
import { useNow } from '../../lib/use-now.ts';
import { FLEET_HREF } from '../../router.ts';

/**
 * Route entry for `#/clusters/<name>`. The full Cluster view (paths with latency, etcd, scheduler,
 * controllers, serving health) comes later; until then this shows the cluster's live tile.
 */
export function ClusterPage({ name }: { name: string }): JSX.Element {
  const { data, error, connection, receivedAt } = useFleet();
  const now = useNow();
  const cluster = data?.clusters.find((c) => c.name === name);
  return (
    <div className="cluster-page">
      <nav className="cluster-page__nav">
        <a href={FLEET_HREF}>← Fleet</a>
        <ConnectionStatus connection={connection} receivedAt={receivedAt} />
      </nav>
      <h1>Cluster {name}</h1>
      <p className="cluster-page__note">
        The detailed cluster view (API paths, etcd, scheduler, controllers, serving health) comes later. Here
        is the cluster's live summary.
      </p>
      {error !== null && (
        <div className="page-alert" role="alert">
          {describeError(error)}
        </div>
      )}
      {data === null && error === null && <p className="page-message">Loading…</p>}
      {data !== null && cluster === undefined && (
        <p className="page-message">No cluster named “{name}” is in the fleet.</p>
      )}
      {cluster !== undefined && (
        <div className="cluster-page__tile">
          <ClusterTile cluster={cluster} now={now} />
        </div>
      )}
    </div>
  );
}
