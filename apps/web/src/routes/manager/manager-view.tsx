import type { JSX } from 'react';
import { describeError } from '../../graphql/errors.ts';
import type { GpuHistoryGroupBy, ManagerViewQuery } from '../../graphql/generated/graphql.ts';
import type { PolledResult } from '../../graphql/use-polled-query.ts';
import { formatCount } from '../../lib/format.ts';
import {
  type ClusterUsageHistory,
  cost,
  type GroupRow,
  gpuHours,
  groupRows,
  headline,
  historyState,
  MANAGER_GROUPINGS,
  MANAGER_RANGES,
  type ManagerRangeKey,
  percent,
  trendSentence,
  unavailableSentence,
  utilization,
  utilizationTrend,
} from '../../lib/gpu-usage.ts';
import { FLEET_HREF } from '../../router.ts';
import { UsageChart } from './usage-chart.tsx';

/** Where the setup is explained (shown, not linked: the docs are not served by the API). */
export const SETUP_DOC = 'docs/OPERATIONS.md, section "GPU usage history"';

export interface ManagerViewProps {
  result: PolledResult<ManagerViewQuery>;
  range: ManagerRangeKey;
  groupBy: GpuHistoryGroupBy;
  onRange: (range: ManagerRangeKey) => void;
  onGroupBy: (groupBy: GpuHistoryGroupBy) => void;
}

/**
 * The Manager view: how much of the GPU fleet we pay for is really used, per machine pool and team, over
 * days — in words first, then the chart and the table. Unknown is said as unknown; without Prometheus
 * the view says history needs it and shows no numbers it does not have.
 */
export function ManagerView({ result, range, groupBy, onRange, onGroupBy }: ManagerViewProps): JSX.Element {
  const { data, error } = result;
  const rangeLabel = MANAGER_RANGES.find((r) => r.key === range)?.label ?? range;
  return (
    <div className="manager-page" data-testid="manager-view">
      <header className="manager-header">
        <div>
          <h1>GPU spend and use</h1>
          <p className="muted">
            How much of the GPU capacity reserved by workloads was really busy ·{' '}
            <a href={FLEET_HREF}>Fleet</a>
          </p>
        </div>
        <Choices
          label="Period"
          testId="manager-range"
          options={MANAGER_RANGES.map((r) => ({ key: r.key, label: r.label }))}
          value={range}
          onChange={(key) => onRange(key as ManagerRangeKey)}
        />
        <Choices
          label="Split by"
          testId="manager-group"
          options={MANAGER_GROUPINGS.map((g) => ({ key: g.key, label: g.label }))}
          value={groupBy}
          onChange={(key) => onGroupBy(key as GpuHistoryGroupBy)}
        />
      </header>
      {error !== null && (
        <div className="page-alert" role="alert" data-testid="manager-error">
          {describeError(error)}
        </div>
      )}
      {data === null ? (
        <p className="page-message" data-testid="manager-loading">
          {error === null ? 'Loading GPU history…' : 'No GPU history to show.'}
        </p>
      ) : (
        <ManagerBody data={data} rangeLabel={rangeLabel} groupBy={groupBy} />
      )}
    </div>
  );
}

function ManagerBody({
  data,
  rangeLabel,
  groupBy,
}: {
  data: ManagerViewQuery;
  rangeLabel: string;
  groupBy: GpuHistoryGroupBy;
}): JSX.Element {
  const history = data.gpuUsageHistory;
  const state = historyState(history);
  const unavailable = history.clusters.filter((c) => c.unavailable !== null);
  const gpus = data.fleet.gpus;
  return (
    <>
      <section className="manager-now" data-testid="manager-now" aria-label="Right now">
        <h2>Right now</h2>
        <p>
          <strong>{formatCount(gpus.allocated)}</strong> of {formatCount(gpus.allocatable)} usable GPUs are
          reserved by running workloads
          {gpus.pending > 0
            ? `, and ${formatCount(gpus.pending)} more are asked for by workloads still waiting`
            : ''}
          .
        </p>
      </section>
      {state === 'NONE' ? (
        <NeedsPrometheus clusters={unavailable} />
      ) : (
        <HistoryBody history={history} rangeLabel={rangeLabel} groupBy={groupBy} unavailable={unavailable} />
      )}
    </>
  );
}

function NeedsPrometheus({ clusters }: { clusters: ClusterUsageHistory[] }): JSX.Element {
  return (
    <section
      className="manager-needs"
      data-testid="manager-needs-prometheus"
      aria-label="History unavailable"
    >
      <h2>History needs Prometheus</h2>
      <p>
        How busy the reserved GPUs were over days is read from Prometheus (GPU requests from
        kube-state-metrics or Fleetscope, GPU activity from NVIDIA's DCGM exporter). No cluster here has one,
        so GPU-hours, idle time and cost are <strong>unknown</strong> — not zero.
      </p>
      <ul>
        {clusters.map((c) => (
          <li key={c.cluster} data-testid="manager-unavailable">
            {unavailableSentence(c)}
          </li>
        ))}
      </ul>
      <p className="muted">
        To set it up, see {SETUP_DOC}: point Fleetscope at your Prometheus with <code>--prometheus-url</code>,
        and optionally set prices with <code>--gpu-price h100=2.5,a100=1.2</code>.
      </p>
    </section>
  );
}

function HistoryBody({
  history,
  rangeLabel,
  groupBy,
  unavailable,
}: {
  history: ManagerViewQuery['gpuUsageHistory'];
  rangeLabel: string;
  groupBy: GpuHistoryGroupBy;
  unavailable: ClusterUsageHistory[];
}): JSX.Element {
  const totals = history.totals;
  const trend = utilizationTrend(history.series);
  const rows = groupRows(history);
  const noun = MANAGER_GROUPINGS.find((g) => g.key === groupBy)?.noun ?? 'Group';
  return (
    <>
      <section className="manager-summary" aria-label="Summary">
        <p className="manager-headline" data-testid="manager-headline">
          {headline(totals, rangeLabel, history.priced)}
        </p>
        <div className="manager-stats">
          <Stat
            testId="stat-reserved"
            label="Reserved by workloads"
            value={gpuHours(totals?.allocatedGpuHours ?? null)}
          />
          <Stat
            testId="stat-busy"
            label="Actually busy"
            value={gpuHours(totals?.usedGpuHours ?? null)}
            detail={totals === null ? undefined : `${percent(utilization(totals))} of reserved`}
          />
          <Stat testId="stat-idle" label="Reserved but idle" value={gpuHours(totals?.idleGpuHours ?? null)} />
          <Stat
            testId="stat-cost"
            label="Cost of idle time"
            value={history.priced ? cost(totals?.idleCost ?? null) : 'no prices set'}
            detail={history.priced ? 'at the configured price per GPU-hour' : 'set --gpu-price to see money'}
          />
        </div>
        <p className="manager-trend" data-testid="manager-trend">
          {trendSentence(trend)}
        </p>
        {totals !== null && (totals.allocationCoverage < 1 || totals.usageCoverage < 1) && (
          <p className="muted" data-testid="manager-coverage">
            Known for {percent(totals.allocationCoverage)} of the period (reservations) and{' '}
            {percent(totals.usageCoverage)} (activity); the rest is missing data and is not counted.
          </p>
        )}
      </section>
      {history.series !== null && (
        <UsageChart
          times={history.times}
          series={history.series}
          stepSeconds={history.stepSeconds}
          description={`GPUs reserved by workloads and GPUs actually busy, whole fleet, ${rangeLabel.toLowerCase()}. Gaps are missing data.`}
        />
      )}
      <section aria-label={`${noun}s`}>
        <h2>{noun}s, most idle first</h2>
        <GroupTable rows={rows} noun={noun} priced={history.priced} />
      </section>
      <Notes clusters={history.clusters} />
      {unavailable.length > 0 && (
        <section className="manager-needs" aria-label="Clusters without history">
          <h2>Clusters without history</h2>
          <ul>
            {unavailable.map((c) => (
              <li key={c.cluster} data-testid="manager-unavailable">
                {unavailableSentence(c)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function GroupTable({
  rows,
  noun,
  priced,
}: {
  rows: GroupRow[];
  noun: string;
  priced: boolean;
}): JSX.Element {
  if (rows.length === 0) return <p className="muted">No GPUs were reserved or busy in this period.</p>;
  return (
    <table className="manager-table" data-testid="manager-groups">
      <thead>
        <tr>
          <th scope="col">{noun}</th>
          <th scope="col">Cluster</th>
          <th scope="col">GPU type</th>
          <th scope="col">Reserved</th>
          <th scope="col">Busy</th>
          <th scope="col">Busy share</th>
          <th scope="col">Reserved but idle</th>
          {priced && <th scope="col">Idle cost</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="manager-group-row">
            <th scope="row">{row.name}</th>
            <td>{row.cluster}</td>
            <td>{row.skus.length === 0 ? '—' : row.skus.join(', ')}</td>
            <td>{gpuHours(row.totals.allocatedGpuHours)}</td>
            <td>{gpuHours(row.totals.usedGpuHours)}</td>
            <td>
              <ShareBar share={row.utilization} />
            </td>
            <td>{gpuHours(row.totals.idleGpuHours)}</td>
            {priced && <td>{cost(row.totals.idleCost)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the API says is missing or approximated, per cluster, in its words. */
function Notes({ clusters }: { clusters: ClusterUsageHistory[] }): JSX.Element | null {
  const notes = clusters.flatMap((c) =>
    c.unavailable === null
      ? c.notes.map((n) => ({ id: `${c.cluster}/${n.code}`, cluster: c.cluster, message: n.message }))
      : [],
  );
  if (notes.length === 0) return null;
  return (
    <section className="manager-notes" aria-label="About these numbers">
      <h2>About these numbers</h2>
      <ul>
        {notes.map((n) => (
          <li key={n.id} data-testid="manager-note">
            <strong>{n.cluster}:</strong> {n.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Busy share of reserved time as a bar and a number; unknown shows no bar. */
function ShareBar({ share }: { share: number | null }): JSX.Element {
  return (
    <span className="share" data-testid="busy-share">
      {share !== null && (
        <span className="share__bar" aria-hidden="true">
          <span className="share__fill" style={{ width: `${Math.round(share * 100)}%` }} />
        </span>
      )}
      {percent(share)}
    </span>
  );
}

function Stat({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
}): JSX.Element {
  return (
    <div className="manager-stat" data-testid={testId}>
      <span className="manager-stat__label">{label}</span>
      <span className="manager-stat__value">{value}</span>
      {detail !== undefined && <span className="manager-stat__detail muted">{detail}</span>}
    </div>
  );
}

function Choices({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string;
  options: Array<{ key: string; label: string }>;
  value: string;
  onChange: (key: string) => void;
  testId: string;
}): JSX.Element {
  return (
    <fieldset className="manager-choices" data-testid={testId}>
      <legend>{label}</legend>
      {options.map((o) => (
        <button key={o.key} type="button" aria-pressed={o.key === value} onClick={() => onChange(o.key)}>
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
