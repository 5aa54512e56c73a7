import type { ControlPlanePart } from '@fleetscope/diagnostics';
import type { SignalName } from '@fleetscope/types';

/** A verdict input one snapshot cannot give: it is a rate or a change over time. */
export interface NeedsRate {
  signal: SignalName;
  /** The part of the verdict it feeds. */
  part: ControlPlanePart;
  /** Always UNKNOWN: never judged from one snapshot. */
  status: 'UNKNOWN';
  /** What it measures and which exposed series it is computed from. */
  needs: string;
}

/** One line shown under every needs-rates list. */
export const NEEDS_RATES_HINT =
  'scrape again later and compare, or run fleetscope-api with --prometheus-url for live rates';

const KNOWN: Partial<Record<SignalName, { part: ControlPlanePart; needs: string }>> = {
  read_error_ratio: {
    part: 'read',
    needs: 'share of GET/LIST slow or 5xx: rate of apiserver_request_total{code=~"5.."} and the SLI buckets',
  },
  read_requests_per_second: { part: 'read', needs: 'GET/LIST per second: rate of apiserver_request_total' },
  apf_rejected_per_second: {
    part: 'read',
    needs: 'API Priority and Fairness rejections: rate of apiserver_flowcontrol_rejected_requests_total',
  },
  request_terminations_ratio: {
    part: 'read',
    needs: 'requests terminated by the server: rate of apiserver_request_terminations_total',
  },
  write_error_ratio: {
    part: 'write',
    needs: 'share of writes slow or 5xx: rate of apiserver_request_total{code=~"5.."} and the SLI buckets',
  },
  write_requests_per_second: { part: 'write', needs: 'writes per second: rate of apiserver_request_total' },
  admission_webhook_rejections_per_second: {
    part: 'admission',
    needs: 'webhook rejections and call errors: rate of apiserver_admission_webhook_rejection_count',
  },
  admission_webhook_fail_open_per_second: {
    part: 'admission',
    needs: 'webhook calls let through on failure: rate of apiserver_admission_webhook_fail_open_count',
  },
  watch_terminated_watchers_per_second: {
    part: 'watch',
    needs: 'watchers dropped for being too slow: rate of apiserver_terminated_watchers_total',
  },
  etcd_leader_changes_15m: {
    part: 'etcd',
    needs: 'leader changes in 15 minutes: increase of etcd_server_leader_changes_seen_total',
  },
  etcd_proposals_failed_per_second: {
    part: 'etcd',
    needs: 'failed Raft proposals: rate of etcd_server_proposals_failed_total',
  },
  scheduler_attempts_per_second: {
    part: 'scheduler',
    needs: 'scheduling attempts and errors: rate of scheduler_schedule_attempts_total',
  },
  workqueue_depth_growth_per_second: {
    part: 'controllers',
    needs: 'whether controller queues keep growing: deriv of workqueue_depth over minutes',
  },
};

/** Part a signal name feeds, by its prefix, for names added to the library after this table. */
function partOf(signal: SignalName): ControlPlanePart {
  if (signal.startsWith('etcd_')) return 'etcd';
  if (signal.startsWith('scheduler_')) return 'scheduler';
  if (signal.startsWith('workqueue_')) return 'controllers';
  if (signal.startsWith('watch_')) return 'watch';
  if (signal.startsWith('admission_')) return 'admission';
  if (signal.startsWith('write_')) return 'write';
  return 'read';
}

/** Describes the inputs `signalsFromExposition` said need rates, each once, in the given order. */
export function describeNeedsRates(signals: readonly SignalName[]): NeedsRate[] {
  return [...new Set(signals)].map((signal) => {
    const known = KNOWN[signal];
    return {
      signal,
      part: known?.part ?? partOf(signal),
      status: 'UNKNOWN',
      needs: known?.needs ?? 'a rate over time',
    };
  });
}
