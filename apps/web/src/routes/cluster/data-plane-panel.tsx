import { type JSX, memo } from 'react';
import { ClusterCounts } from '../../components/cluster-counts.tsx';
import { EvidenceToggle } from '../../components/evidence-toggle.tsx';
import { GpuTotals } from '../../components/gpu-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { ClusterDetailFragment } from '../../graphql/generated/graphql.ts';
import { statusTone } from '../../lib/status.ts';
import { ServingPath } from './serving-path.tsx';
import { TroubledPods } from './troubled-pods.tsx';

export interface DataPlanePanelProps {
  /** The cluster's name: the pods not serving are asked for by it. */
  cluster: string;
  dataPlane: ClusterDetailFragment['dataPlane'];
  nodes: ClusterDetailFragment['nodes'];
  pods: ClusterDetailFragment['pods'];
  workloads: ClusterDetailFragment['workloads'];
  gpus: ClusterDetailFragment['gpus'];
  stale: boolean;
}

/**
 * Are workloads serving: the data-plane verdict with its evidence, the counts behind it, and GPUs. Its
 * evidence opens downwards (the toggle is in the head); the sources' freshness is in the page header.
 */
export const DataPlanePanel = memo(function DataPlanePanel({
  cluster,
  dataPlane,
  nodes,
  pods,
  workloads,
  gpus,
  stale,
}: DataPlanePanelProps): JSX.Element {
  return (
    <section
      className={`card card--${statusTone(dataPlane.status, stale)} data-plane`}
      data-testid="data-plane-panel"
      data-status={dataPlane.status}
      aria-label="Data plane"
    >
      <header className="card__head">
        <h3 className="card__title">Data plane</h3>
        <StatusBadge status={dataPlane.status} stale={stale} testId="data-plane-panel-status" compact />
        <EvidenceToggle evidence={dataPlane.evidence} subject="Data plane" placement="below" />
        <TroubledPods cluster={cluster} />
        <ServingPath cluster={cluster} stale={stale} />
      </header>
      <p className="card__summary" title={dataPlane.summary}>
        {dataPlane.summary}
      </p>
      <div className={`data-plane__counts${stale ? ' muted' : ''}`}>
        <ClusterCounts nodes={nodes} pods={pods} workloads={workloads} />
      </div>
      <GpuTotals gpus={gpus} stale={stale} testId="gpu-totals" />
    </section>
  );
});
