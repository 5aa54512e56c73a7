import { type JSX, memo } from 'react';
import { PodLink } from '../../components/pod-link.tsx';
import type { TriageFinding } from '../../graphql/use-triage.ts';
import { clustersOf } from '../../lib/triage.ts';
import { clusterHref, poolsHref, rolloutsHref } from '../../router.ts';

export interface FindingCardProps {
  finding: TriageFinding;
  /** First seen by this page in the last 15 minutes. */
  isNew: boolean;
  /** The data behind it is stale: shown muted, never as current. */
  stale: boolean;
  /** On a wall: the title only (clamped), no disclosure and no links. */
  kiosk: boolean;
}

const PLANE_WORDS = { CONTROL: 'operations path', DATA: 'user path' } as const;

/**
 * One finding on the ladder: severity, the path it hits, its title; expandable (outside kiosk) to its detail,
 * evidence, next steps and links to the clusters it names.
 */
export const FindingCard = memo(function FindingCard({
  finding,
  isNew,
  stale,
  kiosk,
}: FindingCardProps): JSX.Element {
  const clusters = clustersOf(finding);
  const head = (
    <>
      <span className="finding__meta">
        <span className={`sev sev--${finding.severity.toLowerCase()}`}>{finding.severity}</span>
        <span className="finding__plane">{PLANE_WORDS[finding.plane]}</span>
        {clusters.length > 0 && (
          <span className="finding__where">
            {clusters.length <= 2 ? clusters.join(', ') : `${clusters.length} clusters`}
          </span>
        )}
        {isNew && (
          <span className="finding__new" data-testid="finding-new">
            NEW
          </span>
        )}
      </span>
      <span className="finding__title" title={finding.title}>
        {finding.title}
      </span>
    </>
  );
  return (
    <li
      className={`finding finding--${finding.severity.toLowerCase()}${stale ? ' finding--stale' : ''}`}
      data-testid="finding"
      data-id={finding.id}
      data-new={isNew ? 'true' : 'false'}
    >
      {kiosk ? (
        <div className="finding__head">{head}</div>
      ) : (
        <details className="finding__details">
          <summary className="finding__head">{head}</summary>
          <div className="finding__body" data-testid="finding-body">
            <p className="finding__detail">{finding.detail}</p>
            {clusters.length > 0 && (
              <p className="finding__clusters">
                {clusters.length === 1 ? 'Cluster ' : 'Clusters '}
                {clusters.map((c, i) => (
                  <span key={c}>
                    {i > 0 && ', '}
                    <a href={clusterHref(c)}>{c}</a>
                  </span>
                ))}
                {clusters.length === 1 && finding.scope === 'POOL' && (
                  <>
                    {' · '}
                    <a href={poolsHref(clusters[0])} data-testid="finding-pools-link">
                      its GPU pools
                    </a>
                  </>
                )}
                {clusters.length === 1 && finding.scope === 'POD' && (
                  <>
                    {' · '}
                    <a href={rolloutsHref(clusters[0] ?? '')} data-testid="finding-rollouts-link">
                      its rollouts
                    </a>
                  </>
                )}
              </p>
            )}
            {finding.subjects.length > 0 && (
              <p className="finding__subjects">
                {finding.subjects.length} subject{finding.subjects.length === 1 ? '' : 's'}:{' '}
                {finding.subjects.slice(0, 6).map((s, i) => (
                  <span key={`${s.kind}/${s.namespace ?? ''}/${s.name}`} data-testid="finding-subject">
                    {i > 0 && ', '}
                    {s.kind === 'Pod' && s.namespace !== null && clusters.length === 1 ? (
                      // A pod of one cluster: its name opens the pod drawer.
                      <>
                        {'Pod '}
                        <PodLink pod={{ cluster: clusters[0] ?? '', namespace: s.namespace, name: s.name }} />
                      </>
                    ) : (
                      `${s.kind} ${s.namespace === null ? '' : `${s.namespace}/`}${s.name}`
                    )}
                  </span>
                ))}
                {finding.subjects.length > 6 && `, +${finding.subjects.length - 6} more`}
              </p>
            )}
            {finding.nextSteps.length > 0 && (
              <section aria-label="Next steps">
                <h4 className="finding__steps-title">Next steps</h4>
                <ol className="finding__steps">
                  {finding.nextSteps.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ol>
              </section>
            )}
            {finding.evidence.length > 0 && (
              <section aria-label="Evidence">
                <h4 className="finding__steps-title">Evidence</h4>
                <ul className="finding__evidence" data-testid="finding-evidence">
                  {finding.evidence.map((e, i) => (
                    // Evidence has no id and the same signal may appear twice; the list is replaced whole.
                    // biome-ignore lint/suspicious/noArrayIndexKey: never reordered in place
                    <li key={`${e.signal}-${i}`}>
                      <span className="evidence__signal">{e.signal}</span> {e.value}
                      {e.threshold !== null && <span className="muted"> (threshold {e.threshold})</span>}
                      {e.window !== null && <span className="muted"> over {e.window}</span>}
                      <span className="muted"> · {e.source}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        </details>
      )}
    </li>
  );
});
