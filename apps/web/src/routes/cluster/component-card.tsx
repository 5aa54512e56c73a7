import type { JSX } from 'react';
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
  history: CardHistory;
  stale: boolean;
  now: number;
}

function isPath(part: ControlPlanePart): boolean {
  return (PATH_KEYS as readonly string[]).includes(part);
}

function History({ part, history }: { part: ControlPlanePart; history: CardHistory }): JSX.Element {
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
  const main = pickMainSeries(part, history.series);
  if (main === null) {
    return <p className="card__history card__history--note">No history reported for this part.</p>;
  }
  const label = signalLabel(main.signal);
  const errors = latestErrorRatio(history.series);
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
 */
export function ComponentCard({ part, health, history, stale, now }: ComponentCardProps): JSX.Element {
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
          <History part={part} history={history} />
        </div>
      )}
      <EvidenceToggle evidence={health.evidence} subject={title} now={now} />
    </article>
  );
}
