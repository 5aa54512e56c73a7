import type { JSX } from 'react';
import { SERIES_RANGE_MINUTES, useCluster, useClusterSeries } from '../../graphql/use-cluster.ts';
import { ClusterView } from './cluster-view.tsx';

/**
 * Route entry for `#/clusters/<name>`: the cluster's verdicts, live (query + `clusterChanged`), and its
 * control-plane history, polled. Loaded lazily: Recharts ships in this chunk only.
 */
export function ClusterPage({ name }: { name: string }): JSX.Element {
  const result = useCluster(name);
  const series = useClusterSeries(name);
  return <ClusterView name={name} result={result} series={series} rangeMinutes={SERIES_RANGE_MINUTES} />;
}
