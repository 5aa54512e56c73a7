import type { JSX } from 'react';
import type { GpuTotalsFieldsFragment } from '../graphql/generated.ts';
import { formatCount, formatRatio, percentOf } from '../lib/format.ts';

/** What an unknown count shows: never 0. */
export const UNKNOWN_COUNT = '—';

export interface GpuTotalsProps {
  /** null while unknown (the cluster's nodes or pods were never listed). */
  gpus: GpuTotalsFieldsFragment | null;
  stale: boolean;
  testId: string;
}

/** GPUs allocated of allocatable, as numbers and a bar; pending demand and unusable capacity when present. */
export function GpuTotals({ gpus, stale, testId }: GpuTotalsProps): JSX.Element {
  if (gpus === null) {
    return (
      <div className="gpus gpus--unknown" data-testid={testId} data-unknown="true">
        <div className="gpus__line">
          <span className="gpus__label">GPUs allocated</span>
          <span className="gpus__value" title="unknown: not listed yet">
            {UNKNOWN_COUNT}
          </span>
        </div>
      </div>
    );
  }
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
