import { type CSSProperties, type JSX, useMemo } from 'react';
import { ConnectionStatus } from '../../components/connection-status.tsx';
import { FeedClock } from '../../components/feed-clock.tsx';
import { feedSentence, LiveAnnouncer } from '../../components/live-announcer.tsx';
import { StaleBanner } from '../../components/stale-banner.tsx';
import { describeError } from '../../graphql/errors.ts';
import type { TriageFleetFragment } from '../../graphql/generated/graphql.ts';
import type { LiveResult } from '../../graphql/use-live-query.ts';
import type { TriageFinding } from '../../graphql/use-triage.ts';
import { useClockValue } from '../../lib/clock.ts';
import type { FindingHistory } from '../../lib/finding-history.ts';
import { useFleetFreshness } from '../../lib/fleet-freshness.ts';
import { plural } from '../../lib/format.ts';
import { buildLadder, type Ladder, ladderFindings, SCOPE_WORDS } from '../../lib/triage.ts';
import { FLEET_HREF } from '../../router.ts';
import { FindingCard } from './finding-card.tsx';

/** The API's cap on `Fleet.findings(first:)`, as the triage document asks for it. */
export const FINDINGS_FIRST = 500;

/** Findings listed per rung on a wall; the rest are counted ("+N more"), so a wall never scrolls. */
export const KIOSK_ROWS = 3;

/**
 * Title lines a wall shows per finding when a rung lists `n`: the fewer findings, the more of each title
 * (a long scope title names what its subjects share at the end).
 */
export function titleLinesFor(n: number): number {
  return n <= 1 ? 12 : n === 2 ? 7 : 5;
}

/** Outside kiosk the page may scroll; still bounded so a storm of findings stays usable. */
const PAGE_ROWS = 50;

const NO_CLUSTERS: TriageFleetFragment['clusters'] = [];

export interface TriageViewProps {
  result: LiveResult<TriageFleetFragment>;
  /** What this page has seen (new / resolved); null before the first answer. */
  history: FindingHistory | null;
  kiosk?: boolean;
}

/** What the live region says: the widest scope and the counts, so it changes when they do. */
export function triageAnnouncement(
  ladder: Ladder<TriageFinding> | null,
  stale: boolean,
  connection: LiveResult<TriageFleetFragment>['connection'],
): string {
  if (ladder === null) return `No triage data. ${feedSentence(connection)}`;
  const counts = ladder.rungs
    .filter((r) => r.findings.length > 0)
    .map((r) => `${r.scope} ${r.findings.length}`)
    .join(', ');
  const widest = ladder.widest === null ? 'No scope findings.' : `Widest: ${ladder.widest}. ${counts}.`;
  return `${stale ? 'Triage data is STALE. ' : ''}${widest} ${feedSentence(connection)}`;
}

/**
 * Scope triage: the pod → node → pool → cluster → global ladder, narrowest first (the decision order), with
 * a headline naming the widest scope hit so a wall says "how wide" at a glance. Stale or unreachable data
 * is said loudly and empty rungs then read "unknown", never "none".
 */
export function TriageView({ result, history, kiosk = false }: TriageViewProps): JSX.Element {
  const { data, error, connection, receivedAt } = result;
  const { combined, freshness, staleClusters } = useFleetFreshness(data?.clusters ?? NO_CLUSTERS, receivedAt);
  const selection = useMemo(() => (data === null ? null : ladderFindings(data.findings)), [data]);
  // "new" expires after 15 minutes: judged once a minute (to the minute), not on every tick.
  const minute = useClockValue((nowMs) => Math.floor(nowMs / 60_000));
  const ladder = useMemo(
    () => (selection === null ? null : buildLadder(selection, history, minute * 60_000)),
    [selection, history, minute],
  );
  const connectionLost = connection === 'offline';
  const stale = freshness.stale || connectionLost;
  const announcer = <LiveAnnouncer message={triageAnnouncement(ladder, stale, connection)} />;

  if (data === null || ladder === null) {
    return (
      <>
        {announcer}
        <div
          className={`page-message${error === null ? '' : ' page-message--error'}`}
          role={error === null ? undefined : 'alert'}
          data-testid={error === null ? 'triage-loading' : 'triage-error'}
        >
          <h1>{error === null ? 'Loading triage…' : 'No triage data'}</h1>
          <p>{error === null ? 'Asking the Fleetscope API at /graphql.' : describeError(error)}</p>
          {error !== null && <ConnectionStatus connection={connection} receivedAt={receivedAt} />}
        </div>
      </>
    );
  }

  const total = data.clusters.length;
  const rows = kiosk ? KIOSK_ROWS : PAGE_ROWS;
  const truncated = data.findings.length >= FINDINGS_FIRST;

  return (
    <>
      {announcer}
      <div className={`triage-page${kiosk ? ' triage-page--kiosk' : ''}`} data-testid="triage-view">
        <header className={`triage-header${stale ? ' triage-header--stale' : ''}`}>
          <div className="triage-header__brand">
            <h1>Triage</h1>
            <p>
              How wide · {plural(total, 'cluster')}
              {!kiosk && (
                <>
                  {' · '}
                  <a href={FLEET_HREF}>Fleet</a>
                </>
              )}
            </p>
          </div>
          <Headline ladder={ladder} stale={stale} />
          <FeedClock
            className="triage-header__clock"
            testId="triage-data-as-of"
            freshness={freshness}
            input={combined}
            staleClusters={staleClusters}
            total={total}
            connection={connection}
            receivedAt={receivedAt}
          />
        </header>
        {combined !== null && <StaleBanner freshness={freshness} input={combined} />}
        {error !== null && (
          <div className="page-alert" role="alert" data-testid="triage-error">
            {describeError(error)}
          </div>
        )}
        {ladder.source === 'per-rule' && (
          <div className="page-note" data-testid="triage-untriaged">
            The API sent no scope findings: failing per-rule findings are shown at their own scope, not
            grouped by what they share.
          </div>
        )}
        {truncated && (
          <div className="page-note" data-testid="triage-truncated">
            Showing the worst {FINDINGS_FIRST} findings the API returns; narrower ones may be missing.
          </div>
        )}
        <main className="ladder">
          {ladder.rungs.map((rung) => {
            const count = rung.findings.length;
            const more = count - rows;
            return (
              <section
                key={rung.scope}
                className={`rung${count === 0 ? ' rung--empty' : ''}${stale ? ' rung--stale' : ''}`}
                aria-label={`${rung.scope}: ${count}`}
                data-testid="rung"
                data-scope={rung.scope}
                data-count={count}
              >
                <header className="rung__head">
                  <h2 className="rung__scope">{rung.scope}</h2>
                  <span className="rung__words">{SCOPE_WORDS[rung.scope]}</span>
                  <span className="rung__count" data-testid="rung-count">
                    {/* A stale zero is not a zero: nothing says this rung is clear. */}
                    {stale && count === 0 ? '—' : count}
                  </span>
                  <span className="rung__delta">
                    {rung.fresh > 0 ? `${rung.fresh} new` : ''}
                    {rung.fresh > 0 && rung.resolved > 0 ? ' · ' : ''}
                    {rung.resolved > 0 ? `${rung.resolved} resolved` : ''}
                    {rung.fresh + rung.resolved > 0 ? ' (15 min)' : ' '}
                  </span>
                </header>
                {count === 0 ? (
                  <p className="rung__none" data-testid="rung-none">
                    {stale ? 'unknown — data stale' : 'none'}
                  </p>
                ) : (
                  <ol
                    className="rung__list"
                    style={{ '--title-lines': titleLinesFor(Math.min(count, rows)) } as CSSProperties}
                  >
                    {rung.findings.slice(0, rows).map((f) => (
                      <FindingRow
                        key={f.id}
                        finding={f}
                        history={history}
                        minute={minute}
                        stale={stale}
                        kiosk={kiosk}
                      />
                    ))}
                  </ol>
                )}
                {more > 0 && (
                  <p className="rung__more" data-testid="rung-more">
                    +{more} more
                  </p>
                )}
              </section>
            );
          })}
        </main>
      </div>
    </>
  );
}

function FindingRow({
  finding,
  history,
  minute,
  stale,
  kiosk,
}: {
  finding: TriageFinding;
  history: FindingHistory | null;
  minute: number;
  stale: boolean;
  kiosk: boolean;
}): JSX.Element {
  const isNew = history?.isNew(finding.id, minute * 60_000) ?? false;
  return <FindingCard finding={finding} isNew={isNew} stale={stale} kiosk={kiosk} />;
}

/** "How wide", in one line: the widest scope hit, or an honest "none" / "unknown". */
function Headline({ ladder, stale }: { ladder: Ladder<TriageFinding>; stale: boolean }): JSX.Element {
  let text: string;
  let tone: string;
  if (ladder.widest === null) {
    text = stale ? 'Unknown: the data is stale' : 'No scope findings';
    tone = stale ? 'stale' : 'clear';
  } else {
    const rung = ladder.rungs.find((r) => r.scope === ladder.widest);
    const worst = rung?.findings[0];
    text = `Widest: ${ladder.widest} — ${SCOPE_WORDS[ladder.widest]}${worst === undefined ? '' : ` (${worst.severity})`}`;
    tone = stale ? 'stale' : (worst?.severity.toLowerCase() ?? 'warning');
  }
  return (
    <p
      className={`triage-headline triage-headline--${tone}`}
      data-testid="triage-headline"
      data-widest={ladder.widest ?? ''}
    >
      {text}
      {ladder.widest !== null && stale && <span className="triage-headline__note"> (last known)</span>}
    </p>
  );
}
