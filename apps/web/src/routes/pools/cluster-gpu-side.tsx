import type { JSX } from 'react';
import type { PoolsFleetFragment } from '../../graphql/generated/graphql.ts';
import { formatCount } from '../../lib/format.ts';

type ClusterGpuSide = Pick<PoolsFleetFragment['clusters'][number], 'gpuOperator' | 'gpuDra'>;

export interface GpuSideFact {
  text: string;
  /** Said loudly: something to act on. */
  bad: boolean;
}

/**
 * The cluster-wide GPU facts beside its pools: the GPU Operator's ClusterPolicy state, and DRA devices
 * where the cluster serves resource.k8s.io/v1. What does not apply is left out; what is not known is
 * said as unknown, never as ready or zero.
 */
export function gpuSideFacts(cluster: ClusterGpuSide): GpuSideFact[] {
  const facts: GpuSideFact[] = [];
  const op = cluster.gpuOperator;
  switch (op.operatorState) {
    case 'READY':
      facts.push({ text: 'GPU Operator ready', bad: false });
      break;
    case 'NOT_READY':
      facts.push({ text: `GPU Operator NOT READY — ${op.summary}`, bad: true });
      break;
    case 'IGNORED':
    case 'NO_POLICY':
      facts.push({ text: `GPU Operator: ${op.summary}`, bad: true });
      break;
    case 'UNKNOWN':
      facts.push({ text: 'GPU Operator state unknown', bad: false });
      break;
    case 'NOT_APPLICABLE':
      break;
  }
  const dra = cluster.gpuDra;
  if (dra.draState === 'COUNTED' && dra.devices !== null && dra.free !== null) {
    facts.push({
      text: `DRA ${formatCount(dra.devices)} devices, ${formatCount(dra.free)} free`,
      bad: false,
    });
  } else if (dra.draState === 'UNKNOWN') {
    facts.push({ text: 'DRA devices unknown', bad: false });
  }
  return facts;
}

/** One line under the cluster's name on the Pools page; nothing when no fact applies. */
export function ClusterGpuSideLine({ cluster }: { cluster: ClusterGpuSide }): JSX.Element | null {
  const facts = gpuSideFacts(cluster);
  if (facts.length === 0) return null;
  return (
    <p className="pools__cluster-facts" data-testid="pools-cluster-gpu-side">
      {facts.map((f, i) => (
        <span key={f.text} className={f.bad ? 'pools__fact pools__fact--bad' : 'pools__fact'}>
          {i > 0 ? ' · ' : ''}
          {f.text}
        </span>
      ))}
    </p>
  );
}
