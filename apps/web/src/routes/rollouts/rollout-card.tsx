import type { JSX } from 'react';
import { PodLink } from '../../components/pod-link.tsx';
import type { RolloutRow } from '../../graphql/use-rollouts.ts';

/** Share of `part` in `whole` as a CSS width; 0 when nothing is desired. */
function width(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${Math.min(100, Math.max(0, (part / whole) * 100)).toFixed(1)}%`;
}

/** Updated and available replicas against desired: two stacked bars with kubectl's stage text above. */
function ProgressBar({ rollout }: { rollout: RolloutRow }): JSX.Element {
  const { desired, updated, available, ready } = rollout.progress;
  return (
    <div className="rollout-progress" data-testid="rollout-progress">
      <div
        className="rollout-progress__track"
        role="progressbar"
        aria-label={`${rollout.name}: ${updated} of ${desired} updated`}
        aria-valuemin={0}
        aria-valuemax={desired}
        aria-valuenow={updated}
      >
        <span
          className="rollout-progress__bar rollout-progress__bar--updated"
          style={{ width: width(updated, desired) }}
        />
      </div>
      <div className="rollout-progress__track rollout-progress__track--available" aria-hidden="true">
        <span
          className="rollout-progress__bar rollout-progress__bar--available"
          style={{ width: width(available, desired) }}
        />
      </div>
      <span className="rollout-progress__counts">
        {updated}/{desired} updated · {ready} ready · {available} available
        {rollout.progress.old > 0 ? ` · ${rollout.progress.old} old` : ''}
      </span>
    </div>
  );
}

/**
 * The old-vs-new template diff, shown on demand. Whether it is open is the board's state (by rollout), not
 * the card's: the board renders only the cards on screen, and a card scrolled away and back keeps it.
 */
function TemplateDiff({
  rollout,
  open,
  onToggle,
}: {
  rollout: RolloutRow;
  open: boolean;
  onToggle: () => void;
}): JSX.Element {
  const diff = rollout.templateDiff;
  if (diff === null) {
    return <p className="rollout-card__diff-none">Template diff unknown (no earlier revision known).</p>;
  }
  return (
    <div className="rollout-card__diff">
      <button type="button" aria-expanded={open} onClick={onToggle} data-testid="diff-toggle">
        {open ? 'Hide' : 'Show'} what changed ({diff.length})
      </button>
      {open && diff.length === 0 && (
        <p className="rollout-card__diff-none">
          The old and new templates are the same in every field compared.
        </p>
      )}
      {open && diff.length > 0 && (
        <table className="rollout-diff" data-testid="template-diff">
          <thead>
            <tr>
              <th scope="col">field</th>
              <th scope="col">container</th>
              <th scope="col">before (old revision)</th>
              <th scope="col">after (new revision)</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((c) => (
              <tr key={`${c.field}/${c.container ?? ''}`} data-field={c.field}>
                <th scope="row">{c.field}</th>
                <td>{c.container ?? '(pod)'}</td>
                <td className="rollout-diff__before">
                  <code>{c.before}</code>
                </td>
                <td className="rollout-diff__after">
                  <code>{c.after}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The board's key of a rollout (kind, namespace, name: unique within a cluster). */
export function rolloutKey(rollout: Pick<RolloutRow, 'kind' | 'namespace' | 'name'>): string {
  return `${rollout.kind}/${rollout.namespace}/${rollout.name}`;
}

export interface RolloutCardProps {
  cluster: string;
  rollout: RolloutRow;
  /** Place in the board (0-based) and the board's length: the feed's aria-posinset / aria-setsize. */
  index: number;
  setSize: number;
  /** Whether the template diff is open, and the board's toggle (called with the rollout's key). */
  diffOpen: boolean;
  onToggleDiff: (key: string) => void;
}

/**
 * One rollout: kind and name, kubectl's stage text over the progress bars, why it is stuck and what to do.
 * An article of the board's feed: focusable, with its place in the whole list (not only the rendered part).
 */
export function RolloutCard({
  cluster,
  rollout,
  index,
  setSize,
  diffOpen,
  onToggleDiff,
}: RolloutCardProps): JSX.Element {
  const stuck = rollout.rolloutState === 'STUCK';
  const key = rolloutKey(rollout);
  return (
    <article
      className={`rollout-card${stuck ? ' rollout-card--stuck' : ''}`}
      data-testid="rollout"
      data-state={rollout.rolloutState}
      data-stage={rollout.stage}
      data-name={key}
      data-index={index}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a feed's articles take focus (WAI-ARIA feed pattern).
      tabIndex={0}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={`${rollout.kind} ${rollout.namespace}/${rollout.name}: ${stuck ? 'stuck' : 'progressing'}`}
    >
      <header className="rollout-card__header">
        <span className="rollout-card__kind">{rollout.kind}</span>{' '}
        <strong>
          {rollout.namespace}/{rollout.name}
        </strong>
        {rollout.revision !== null && (
          <span className="rollout-card__revision"> · revision {rollout.revision}</span>
        )}
        {rollout.partition !== null && rollout.partition > 0 && (
          <span className="rollout-card__revision"> · partition {rollout.partition}</span>
        )}
        <span className={`rollout-card__state rollout-card__state--${rollout.rolloutState.toLowerCase()}`}>
          {stuck ? 'STUCK' : 'progressing'}
        </span>
      </header>
      <p className="rollout-card__stage" data-testid="rollout-stage">
        {rollout.message}
      </p>
      <ProgressBar rollout={rollout} />
      {rollout.stuckReason !== null && (
        <p className="rollout-card__reason" data-testid="rollout-reason">
          Why: {rollout.stuckReason}
        </p>
      )}
      <p className="rollout-card__action" data-testid="rollout-action">
        <strong>{rollout.recommendation.action}</strong> — {rollout.recommendation.reason}
      </p>
      {rollout.blockingPods.length > 0 && (
        <ul className="rollout-card__pods">
          {rollout.blockingPods.map((p) => (
            <li key={p.name} data-rule={p.rule}>
              <PodLink pod={{ cluster, namespace: rollout.namespace, name: p.name }}>{p.name}</PodLink>:{' '}
              {p.summary}
            </li>
          ))}
        </ul>
      )}
      {rollout.trigger !== null && (
        <p className="rollout-card__trigger" data-testid="rollout-trigger" title={rollout.trigger.evidence}>
          Applied by {rollout.trigger.tool} ({rollout.trigger.name})
        </p>
      )}
      <TemplateDiff rollout={rollout} open={diffOpen} onToggle={() => onToggleDiff(key)} />
    </article>
  );
}
