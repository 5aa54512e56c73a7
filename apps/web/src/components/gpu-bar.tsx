import { type JSX, memo } from 'react';
import type { GpuTotalsFieldsFragment } from '../graphql/generated/graphql.ts';
import { formatCount, formatRatio, percentOf } from '../lib/format.ts';

/** What an unknown count shows: never 0. */
export const UNKNOWN_COUNT = '—';

export interface GpuTotalsProps {
  /** null while unknown (the cluster's nodes or pods were never listed). */
  gpus: GpuTotalsFieldsFragment | null;
  stale: boolean;
  testId: string;
  /** List MIG slices and shared GPUs too (default); the fleet header, short of room, leaves them to the tiles. */
  showOthers?: boolean;
}

/** "nvidia.com/mig-1g.10gb" → "MIG 1g.10gb"; "nvidia.com/gpu.shared" → "shared GPUs". */
export function gpuResourceLabel(resource: string): string {
  if (resource.startsWith('nvidia.com/mig-')) return `MIG ${resource.slice('nvidia.com/mig-'.length)}`;
  if (resource === 'nvidia.com/gpu.shared') return 'shared GPUs';
  return resource;
}

/**
 * GPUs allocated of allocatable, as numbers and a bar; pending demand and unusable capacity when present;
 * then MIG slices and shared GPUs, each apart (a slice is not a GPU: never added to the GPU count).
 * Unknown totals show "—", never 0.
 */
export const GpuTotals = memo(function GpuTotals({
  gpus,
  stale,
  testId,
  showOthers = true,
}: GpuTotalsProps): JSX.Element {
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
  const others = showOthers ? gpus.byResource.filter((r) => r.resource !== 'nvidia.com/gpu') : [];
  return (
    <div
      className={`gpus${stale ? ' gpus--stale' : ''}`}
      data-testid={testId}
      data-allocated={gpus.allocated}
      data-allocatable={gpus.allocatable}
    >
      <div className="gpus__line">
        <span className="gpus__label">GPUs allocated</span>
        {others.length > 0 && (
          // On the label's line, so a wall tile grows by nothing; the full names are in the tooltip.
          <span
            className="gpus__others"
            data-testid={`${testId}-others`}
            title={others
              .map((r) => `${r.resource}: ${r.allocated} of ${r.allocatable} allocated, ${r.pending} pending`)
              .join('\n')}
          >
            {others
              .map(
                (r) =>
                  `${gpuResourceLabel(r.resource)} ${formatRatio(r.allocated, r.allocatable)}${r.pending > 0 ? ` +${formatCount(r.pending)}` : ''}`,
              )
              .join(' · ')}
          </span>
        )}
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
});
