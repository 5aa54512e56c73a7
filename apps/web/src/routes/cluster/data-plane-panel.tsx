import type { JSX } from 'react';
import { ClusterCounts } from '../../components/cluster-counts.tsx';
import { EvidenceToggle } from '../../components/evidence-toggle.tsx';
import { GpuTotals } from '../../components/gpu-bar.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import type { ClusterDetailFragment } from '../../graphql/generated/graphql.ts';
import { statusTone } from '../../lib/status.ts';

export interface DataPlanePanelProps {
  cluster: ClusterDetailFragment;
  stale: boolean;
  now: number;
}

/**
 * Are workloads serving: the data-plane verdict with its evidence, the counts behind it, and GPUs. Its
 * evidence opens downwards (the toggle is in the head); the sources' freshness is in the page header.
 */
export function DataPlanePanel({ cluster, stale, now }: DataPlanePanelProps): JSX.Element {
  const { dataPlane } = cluster;
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
        <EvidenceToggle evidence={dataPlane.evidence} subject="Data plane" now={now} placement="below" />
      </header>
      <p className="card__summary" title={dataPlane.summary}>
        {dataPlane.summary}
      </p>
      <div className={`data-plane__counts${stale ? ' muted' : ''}`}>
        <ClusterCounts nodes={cluster.nodes} pods={cluster.pods} workloads={cluster.workloads} />
      </div>
      <GpuTotals gpus={cluster.gpus} stale={stale} testId="gpu-totals" />
    </section>
  );
}
