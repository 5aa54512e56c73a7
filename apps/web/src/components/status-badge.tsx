import type { JSX } from 'react';
import type { HealthStatus } from '../graphql/generated/graphql.ts';
import { statusGlyph, statusLabel, statusTone } from '../lib/status.ts';

export interface StatusBadgeProps {
  status: HealthStatus;
  /** The data behind the status is stale: show it muted and say so, never in its own colour. */
  stale: boolean;
  testId?: string;
  /**
   * When stale, say only STALE and keep the last status in the tooltip: for small cards, where "last: …"
   * would wrap. The last status stays in `data-status`.
   */
  compact?: boolean;
}

/**
 * A status with glyph and text (readable without colour). `data-status` is the status the API reported;
 * `data-tone` is what is drawn — `stale` whenever the data is stale.
 */
export function StatusBadge({ status, stale, testId, compact = false }: StatusBadgeProps): JSX.Element {
  const tone = statusTone(status, stale);
  return (
    <span
      className={`badge badge--${tone}`}
      data-testid={testId}
      data-status={status}
      data-stale={stale ? 'true' : 'false'}
      data-tone={tone}
      title={stale ? `last reported: ${statusLabel(status)}` : undefined}
    >
      <span className="badge__glyph" aria-hidden="true">
        {stale ? '◷' : statusGlyph(status)}
      </span>
      {stale ? (
        <>
          <span className="badge__label">STALE</span>
          {!compact && <span className="badge__last">last: {statusLabel(status)}</span>}
        </>
      ) : (
        <span className="badge__label">{statusLabel(status)}</span>
      )}
    </span>
  );
}
