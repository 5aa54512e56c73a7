import { type JSX, useMemo } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import {
  feedSentence,
  LiveAnnouncer,
  needsAttention,
  verdictWords,
} from '../../components/live-announcer.tsx';
import {
  COMPONENT_KEYS,
  CONTROL_PLANE_PARTS,
  type ControlPlanePart,
  PART_TITLES,
  PATH_KEYS,
  partHealth,
} from '../../graphql/cluster-components.ts';
import { describeError } from '../../graphql/errors.ts';
import type { ClusterDetailFragment } from '../../graphql/generated/graphql.ts';
import type { ClusterLookup, ClusterSeriesLookup } from '../../graphql/use-cluster.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import { type FreshnessState, useFreshness } from '../../lib/clock.ts';
import { clusterFreshnessInput, describeStaleReason, type FreshnessInput } from '../../lib/staleness.ts';
import { statusLabel } from '../../lib/status.ts';
import { formatClock } from '../../lib/time.ts';
import { FLEET_HREF } from '../../router.ts';
import { ClusterHeader } from './cluster-header.tsx';
import { ComponentCard } from './component-card.tsx';
import { DataPlanePanel } from './data-plane-panel.tsx';

export interface ClusterViewProps {
  name: string;
  result: LiveResult<ClusterLookup>;
  series: PolledResult<ClusterSeriesLookup>;
  /** The range the series cover, for the words under empty charts. */
  rangeMinutes: number;
}

/** A one-line note when the history shown is older than the last refresh attempt. */
function historyNote(series: PolledResult<ClusterSeriesLookup>): string | null {
  if (series.error === null || series.receivedAt === null) return null;
  return `history from ${formatClock(series.receivedAt)}; refresh failed: ${series.error.message}`;
}

function ClusterBody({
  cluster,
  props,
  freshness,
  input,
}: {
  cluster: ClusterDetailFragment;
  props: ClusterViewProps;
  freshness: FreshnessState;
  input: FreshnessInput;
}): JSX.Element {
  const { result, series, rangeMinutes } = props;
  const note = historyNote(series);
  const byPart = series.data?.series ?? null;
  const seriesError = series.error === null ? null : describeError(series.error);
  const card = (part: ControlPlanePart): JSX.Element => (
    <ComponentCard
      key={part}
      part={part}
      health={partHealth(cluster.controlPlane, part)}
      series={byPart === null ? null : byPart[part]}
      seriesError={byPart === null ? seriesError : null}
      rangeMinutes={rangeMinutes}
      stale={freshness.stale}
    />
  );
  return (
    <div
      className="cluster-page"
      data-testid="cluster-view"
      data-cluster={cluster.name}
      data-stale={freshness.stale ? 'true' : 'false'}
    >
      <ClusterHeader
        cluster={cluster}
        freshness={freshness}
        freshnessInput={input}
        connection={result.connection}
        receivedAt={result.receivedAt}
      />
      {result.error !== null && (
        <div className="page-alert" role="alert" data-testid="cluster-error">
          {describeError(result.error)}
        </div>
      )}
      <main className="cluster-grid">
        <h2 className="cluster-grid__title cluster-grid__title--wide">
          Control plane · API paths
          {note !== null && <span className="cluster-grid__note">{note}</span>}
        </h2>
        {PATH_KEYS.map(card)}
        <h2 className="cluster-grid__title cluster-grid__title--components">Control plane · components</h2>
        <h2 className="cluster-grid__title cluster-grid__title--data-plane">Data plane · serving</h2>
        {COMPONENT_KEYS.map(card)}
        <DataPlanePanel
          cluster={cluster.name}
          dataPlane={cluster.dataPlane}
          nodes={cluster.nodes}
          pods={cluster.pods}
          workloads={cluster.workloads}
          gpus={cluster.gpus}
          stale={freshness.stale}
        />
      </main>
    </div>
  );
}

/** What the live region says about one cluster: statuses only, so it changes when a status does. */
export function clusterAnnouncement(
  name: string,
  result: LiveResult<ClusterLookup>,
  freshness: FreshnessState,
): string {
  const { data, error, connection } = result;
  if (data === null) {
    return error === null
      ? `Loading cluster ${name}.`
      : `No data for cluster ${name}. ${feedSentence(connection)}`;
  }
  const cluster = data.cluster;
  if (cluster === null) return `Cluster ${name} is not watched.`;
  const { controlPlane, dataPlane } = cluster;
  const parts = CONTROL_PLANE_PARTS.filter((part) =>
    needsAttention(partHealth(controlPlane, part).status),
  ).map((part) => `${PART_TITLES[part]} ${statusLabel(partHealth(controlPlane, part).status)}`);
  return [
    `${name}: ${verdictWords('control plane', controlPlane.status, freshness.stale)}, ${verdictWords('data plane', dataPlane.status, freshness.stale)}.`,
    freshness.stale && freshness.reason !== null
      ? `Data stale: ${describeStaleReason(freshness.reason)}.`
      : '',
    !freshness.stale && parts.length > 0 ? `Not healthy: ${parts.join(', ')}.` : '',
    feedSentence(connection),
  ]
    .filter((part) => part !== '')
    .join(' ');
}

/** The Cluster view for a live result: loading, error, "not watched", or the full cluster. */
export function ClusterView(props: ClusterViewProps): JSX.Element {
  const { name, result } = props;
  const { data, error, connection, receivedAt } = result;
  const cluster = data?.cluster ?? null;
  const input = useMemo(
    () => (cluster === null ? null : clusterFreshnessInput(cluster, receivedAt)),
    [cluster, receivedAt],
  );
  const freshness = useFreshness(input);
  const announcer = <LiveAnnouncer message={clusterAnnouncement(name, result, freshness)} />;

  if (data === null) {
    if (error !== null) {
      return (
        <>
          {announcer}
          <div className="page-message page-message--error" role="alert" data-testid="cluster-error">
            <h1>No data for cluster {name}</h1>
            <p>{describeError(error)}</p>
            <p>Retrying every 10 s.</p>
            <ConnectionStatus connection={connection} receivedAt={receivedAt} />
            <a href={FLEET_HREF}>← Back to the fleet</a>
          </div>
        </>
      );
    }
    return (
      <>
        {announcer}
        <div className="page-message" data-testid="cluster-loading">
          <h1>Loading cluster {name}…</h1>
          <p>Asking the Fleetscope API at /graphql.</p>
        </div>
      </>
    );
  }

  if (cluster === null || input === null) {
    return (
      <>
        {announcer}
        <div className="page-message" data-testid="cluster-not-watched" data-cluster={name}>
          <h1>Cluster “{name}” is not watched</h1>
          <p>Fleetscope has no cluster by this name. Check the name, or the API's cluster configuration.</p>
          <p>
            <a href={FLEET_HREF}>← The clusters Fleetscope watches</a>
          </p>
        </div>
      </>
    );
  }

  return (
    <>
      {announcer}
      <ClusterBody cluster={cluster} props={props} freshness={freshness} input={input} />
    </>
  );
}
