import { type JSX, memo, useMemo } from 'react';
import { EvidenceToggle } from '../../components/evidence-toggle.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { type ControlPlanePart, PART_TITLES, PATH_KEYS } from '../../graphql/cluster-components.ts';
import type { ComponentHealthFieldsFragment, SeriesFieldsFragment } from '../../graphql/generated/graphql.ts';
import { latestErrorRatio, pickMainSeries, signalLabel } from '../../lib/series.ts';
import { statusTone } from '../../lib/status.ts';
import { formatPercent, formatValue } from '../../lib/units.ts';
import { Sparkline } from './sparkline.tsx';

/** The history behind a card: its series, or why there are none yet. */
export type CardHistory =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; series: readonly SeriesFieldsFragment[]; rangeMinutes: number };

export interface ComponentCardProps {
  part: ControlPlanePart;
  health: ComponentHealthFieldsFragment;
  /** The part's series; null while none has arrived. */
  series: readonly SeriesFieldsFragment[] | null;
  /** Why the history could not be fetched (shown only while there is none). */
  seriesError: string | null;
  /** The range the series cover, for the words under empty charts. */
  rangeMinutes: number;
  stale: boolean;
}

/** The history behind a card: its series, or why there are none yet. */
export function cardHistory(
  series: readonly SeriesFieldsFragment[] | null,
  seriesError: string | null,
  rangeMinutes: number,
): CardHistory {
  if (series !== null) return { state: 'ready', series, rangeMinutes };
  if (seriesError !== null) return { state: 'failed', message: seriesError };
  return { state: 'loading' };
}

function isPath(part: ControlPlanePart): boolean {
  return (PATH_KEYS as readonly string[]).includes(part);
}

function History({ history }: { history: CardHistory }): JSX.Element {
  const main = useMemo(() => (history.state === 'ready' ? pickMainSeries(history.series) : null), [history]);
  const errors = useMemo(
    () => (history.state === 'ready' ? latestErrorRatio(history.series) : null),
    [history],
  );
  if (history.state === 'loading') {
    return <p className="card__history card__history--note">Loading history…</p>;
  }
  if (history.state === 'failed') {
    return (
      <p className="card__history card__history--error" data-testid="series-error" title={history.message}>
        History unavailable: {history.message}
      </p>
    );
  }
  if (main === null) {
    return <p className="card__history card__history--note">No history reported for this part.</p>;
  }
  const label = signalLabel(main.signal);
  const metric = (
    <div className="card__metric">
      <span className="card__metric-label">{label}</span>
      <span className="card__metric-value" data-testid="latest-value">
        {main.latest === null ? '—' : formatValue(main.latest.value, main.unit)}
      </span>
      {main.latest !== null && main.latest.labels !== '' && (
        <span className="card__metric-labels">{main.latest.labels}</span>
      )}
      {errors !== null && (
        <span className="card__errors" data-testid="error-ratio">
          errors {formatPercent(errors.value)}
        </span>
      )}
    </div>
  );
  if (main.error !== null) {
    return (
      <>
        {metric}
        <p className="card__history card__history--error" data-testid="series-error" title={main.error}>
          {label}: {main.error}
        </p>
      </>
    );
  }
  if (main.latest === null) {
    return (
      <>
        {metric}
        <p className="card__history card__history--note">
          No samples in the last {history.rangeMinutes} min.
        </p>
      </>
    );
  }
  return (
    <>
      {metric}
      <Sparkline
        lines={main.lines}
        highlight={main.latest.labels}
        signal={main.signal}
        description={`${label} over the last ${history.rangeMinutes} minutes, now ${formatValue(main.latest.value, main.unit)}`}
      />
    </>
  );
}

/**
 * One part of the control plane: verdict, sentence, the main signal's last hour, evidence on demand.
 * A part that cannot be observed on this cluster (managed etcd, …) is a neutral card that says so.
 * Re-renders only when its verdict, its series or the stale flag change.
 */
export const ComponentCard = memo(function ComponentCard({
  part,
  health,
  series,
  seriesError,
  rangeMinutes,
  stale,
}: ComponentCardProps): JSX.Element {
  const history = useMemo(
    () => cardHistory(series, seriesError, rangeMinutes),
    [series, seriesError, rangeMinutes],
  );
  const title = PART_TITLES[part];
  const notObservable = health.status === 'NOT_APPLICABLE';
  return (
    <article
      className={`card card--${statusTone(health.status, stale)}${isPath(part) ? ' card--path' : ''}`}
      data-testid="path-card"
      data-path={part}
      data-status={health.status}
      data-stale={stale ? 'true' : 'false'}
      aria-label={title}
    >
      <header className="card__head">
        <h3 className="card__title">{title}</h3>
        <StatusBadge status={health.status} stale={stale} testId="path-status" compact />
      </header>
      {notObservable && <p className="card__na">not observable here</p>}
      <p className="card__summary" title={health.summary}>
        {health.summary}
      </p>
      {!notObservable && (
        <div className="card__body">
          <History history={history} />
        </div>
      )}
      <EvidenceToggle evidence={health.evidence} subject={title} />
    </article>
  );
});
