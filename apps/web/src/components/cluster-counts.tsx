import { type JSX, memo } from 'react';
import type { ClusterTileFieldsFragment } from '../graphql/generated/graphql.ts';
import { formatCount, formatRatio } from '../lib/format.ts';
import { UNKNOWN_COUNT } from './gpu-bar.tsx';

interface Extra {
  count: number;
  text: string;
}

function Count({ label, value, extras }: { label: string; value: string; extras: Extra[] }): JSX.Element {
  const shown = extras.filter((e) => e.count > 0);
  return (
    <div className="count">
      <dt className="count__label">{label}</dt>
      <dd className="count__value">
        {value}
        {shown.length > 0 && (
          <span className="count__extras">
            {shown.map((e) => (
              <span key={e.text} className="chip chip--warn">
                {formatCount(e.count)} {e.text}
              </span>
            ))}
          </span>
        )}
      </dd>
    </div>
  );
}

export interface ClusterCountsProps {
  nodes: ClusterTileFieldsFragment['nodes'];
  pods: ClusterTileFieldsFragment['pods'];
  workloads: ClusterTileFieldsFragment['workloads'];
}

/** Nodes, pods and deployments as "good / total", with only the non-zero problem counts beside them; "—" while unknown. */
export const ClusterCounts = memo(function ClusterCounts({
  nodes,
  pods,
  workloads,
}: ClusterCountsProps): JSX.Element {
  return (
    <dl className="counts">
      <Count
        label="Nodes ready"
        value={nodes === null ? UNKNOWN_COUNT : formatRatio(nodes.ready, nodes.total)}
        extras={
          nodes === null
            ? []
            : [
                { count: nodes.notReady, text: 'not ready' },
                { count: nodes.unknown, text: 'unknown' },
                { count: nodes.cordoned, text: 'cordoned' },
              ]
        }
      />
      <Count
        label="Pods running"
        value={pods === null ? UNKNOWN_COUNT : formatRatio(pods.running, pods.total)}
        extras={
          pods === null
            ? []
            : [
                { count: pods.pending, text: 'pending' },
                { count: pods.crashLooping, text: 'crash-looping' },
                { count: pods.failed, text: 'failed' },
              ]
        }
      />
      <Count
        label="Deployments available"
        value={formatRatio(workloads.deploymentsAvailable, workloads.deployments)}
        extras={[
          {
            count: workloads.servicesWithoutEndpoints,
            text:
              workloads.servicesWithoutEndpoints === 1
                ? 'service without endpoints'
                : 'services without endpoints',
          },
        ]}
      />
    </dl>
  );
});
