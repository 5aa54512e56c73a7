import type { ControlPlanePart } from './impact.ts';

/** What a part's findings mean for people, and where an operator looks next. */
export interface PartGuidance {
  degraded: string;
  down: string;
  unknown: string;
  notApplicable: string;
  nextSteps: string[];
}

const KEEPS_SERVING = 'Existing pods keep serving.';

/**
 * One entry per control-plane part: the detail every finding of that part carries and its next
 * steps. Operations path first: control-plane trouble blocks changes while workloads keep serving.
 */
export const PART_GUIDANCE: Readonly<Record<ControlPlanePart, PartGuidance>> = {
  write: {
    degraded: `Deploys, scaling, status updates and leader-election renewals may fail or time out. ${KEEPS_SERVING}`,
    down: `Deploys, scaling, status updates and leader-election renewals fail. ${KEEPS_SERVING}`,
    unknown: 'Whether changes can be written cannot be judged from here.',
    notApplicable: 'Writes are not judged here.',
    nextSteps: [
      'kubectl get --raw "/readyz?verbose" (look at the etcd checks)',
      'Compare etcd WAL fsync and backend commit p99 with the write p99',
      'kubectl create configmap fleetscope-check --dry-run=server -o name (admission and storage round trip)',
    ],
  },
  admission: {
    degraded: `Changes may be slow, fail, or be admitted without the webhook's policy. ${KEEPS_SERVING}`,
    down: `Creates and updates that the webhook intercepts fail: deploys and scaling stop. ${KEEPS_SERVING}`,
    unknown: 'Whether admission webhooks answer in time cannot be judged from here.',
    notApplicable: 'No admission webhooks to judge.',
    nextSteps: [
      'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations',
      "Check the webhook's Service has ready endpoints and its pods are not restarting",
      'Review the webhook failurePolicy and timeoutSeconds (a fail-closed webhook blocks every matching write)',
    ],
  },
  read: {
    degraded: `kubectl, controllers and operators may be throttled or time out. ${KEEPS_SERVING}`,
    down: `kubectl, controllers and operators cannot read cluster state. ${KEEPS_SERVING}`,
    unknown: 'Whether reads are served in time cannot be judged from here.',
    notApplicable: 'Reads are not judged here.',
    nextSteps: [
      'kubectl get --raw "/readyz?verbose"',
      'kubectl get flowschemas,prioritylevelconfigurations (which priority level rejects)',
      'Find heavy LIST callers: apiserver_request_total by resource, verb and client',
    ],
  },
  watch: {
    degraded: `Controllers may lag and Service endpoints may go stale. ${KEEPS_SERVING}`,
    down: `Controllers stop seeing changes; endpoints and rollouts stall. ${KEEPS_SERVING}`,
    unknown: 'Whether watches are served cannot be judged from here.',
    notApplicable: 'Watches are not judged here.',
    nextSteps: [
      'Check apiserver_terminated_watchers_total and watch-cache metrics per resource',
      "Check the network path from Fleetscope to the API server (our own watches' last errors)",
    ],
  },
  etcd: {
    degraded: `Writes may slow down or fail; reads from the watch cache keep working. ${KEEPS_SERVING}`,
    down: `Writes fail until etcd has a leader and quorum again. ${KEEPS_SERVING}`,
    unknown: 'etcd health cannot be judged from here.',
    notApplicable:
      'etcd is not exposed (managed control plane?): the API server latency paths stand in for it.',
    nextSteps: [
      'etcdctl endpoint status --cluster -w table (leader, db size, raft index)',
      "Check the etcd members' disk: WAL fsync p99 should stay below 10 ms",
      'etcdctl defrag on one member at a time when the database is fragmented; raise --quota-backend-bytes only with care',
    ],
  },
  scheduler: {
    degraded: `New pods may be placed late. ${KEEPS_SERVING}`,
    down: `New pods stay Pending: rollouts and scale-ups stall. ${KEEPS_SERVING}`,
    unknown: 'Scheduler health cannot be judged from here.',
    notApplicable: 'The scheduler is not exposed (managed control plane?).',
    nextSteps: [
      'kubectl -n kube-system get lease kube-scheduler (is a leader renewing?)',
      'kubectl get events -A --field-selector reason=FailedScheduling',
    ],
  },
  controllers: {
    degraded: `Rollouts, scaling and node-failure handling lag; a stuck endpointslice queue can route traffic to gone pods.`,
    down: `Controllers are not running: rollouts, scaling, endpoints and node-failure handling stop.`,
    unknown: 'Controller health cannot be judged from here.',
    notApplicable: 'The controller manager is not exposed (managed control plane?).',
    nextSteps: [
      'kubectl -n kube-system get lease kube-controller-manager (is a leader renewing?)',
      'Check workqueue_depth and workqueue_queue_duration_seconds for the named queue',
    ],
  },
};
