import type { JSX } from 'react';
import type { GpuTotalsFieldsFragment } from '../graphql/generated.ts';
import { formatCount, formatRatio, percentOf } from '../lib/format.ts';

export interface GpuTotalsProps {
  gpus: GpuTotalsFieldsFragment;
  stale: boolean;
  testId: string;
}

/** GPUs allocated of allocatable, as numbers and a bar; pending demand and unusable capacity when present. */
export function GpuTotals({ gpus, stale, testId }: GpuTotalsProps): JSX.Element {
  const fill = percentOf(gpus.allocated, gpus.allocatable);
  return (
    <div
      className={`gpus${stale ? ' gpus--stale' : ''}`}
      data-testid={testId}
      data-allocated={gpus.allocated}
      data-allocatable={gpus.allocatable}
    >
      <div className="gpus__line">
        <span className="gpus__label">GPUs allocated</span>
        <span className="gpus__value">{formatRatio(gpus.allocated, gpus.allocatable)}</span>
      </div>
      {/* Decorative: the numbers above carry the information for screen readers. */}
      <div className="bar" aria-hidden="true">
        <div className="bar__fill" style={{ width: `${fill}%` }} />
      </div>
      {(gpus.pending > 0 || gpus.unusable > 0) && (
        <div className="gpus__extra">
          {gpus.pending > 0 && (
            <span className="chip chip--warn">{formatCount(gpus.pending)} GPUs wanted by pending pods</span>
          )}
          {gpus.unusable > 0 && (
            <span className="chip chip--warn">{formatCount(gpus.unusable)} GPUs on unusable nodes</span>
          )}
        </div>
      )}
    </div>
  );
}
