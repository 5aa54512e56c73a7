import { WEBHOOK_DURATION_BUCKETS_V1_24 } from '../../control-plane/distribution.ts';
import { deriveSpec } from './derive.ts';
import { type ControlPlaneScenario, expectVerdicts } from './scenario.ts';

const WEBHOOK = 'policy.example.com';

/**
 * `admission-webhook-timeout`: the validating webhook `policy.example.com` (failurePolicy Fail, timeout
 * 10 s) no longer answers. Every create/update it intercepts (pods, deployments, replicasets, services,
 * configmaps outside system namespaces) hangs 10 s and fails with 500 `Internal error occurred: failed
 * calling webhook "policy.example.com": failed to call webhook: Post "https://…": context deadline
 * exceeded` — deploys and scale-ups fail, and so does the synthetic dry-run create. Leases, status
 * updates and events are not intercepted, so the write SLI stays fine (< 2 % of writes fail); the API
 * server itself is fast; running pods keep serving.
 *
 * The API server is v1.24-like where it matters: the webhook histogram ends at 2.5 s, so the 10 s
 * timeouts land in +Inf and histogram_quantile answers 2.5 s; the only true size is the mean (~10 s).
 * Failing calls are counted as a real server counts them: observed in the duration histogram
 * (rejected="true") and in the rejection count with error_type calling_webhook_error.
 *
 * Expected verdicts: admission DOWN (names policy.example.com, its p99 only as "> 2.5 s" with the
 * mean), everything else HEALTHY; overall DOWN,
 * operations path impaired, user path fine.
 */
export const admissionWebhookTimeoutControlPlane: ControlPlaneScenario = {
  name: 'admission-webhook-timeout',
  description: 'Validating webhook policy.example.com times out after 10 s: deploys fail, serving fine.',
  spec: deriveSpec('admission-webhook-timeout', (spec) => {
    const hook = spec.webhooks.find((w) => w.name === WEBHOOK);
    if (hook) hook.timeoutShare = 1;
    spec.webhookDurationBuckets = WEBHOOK_DURATION_BUCKETS_V1_24;
    const timedOut = { share: 1, seconds: 10.02 };
    for (const c of spec.requests) {
      const intercepted =
        (c.verb === 'POST' && (c.resource === 'pods' || c.resource === 'configmaps')) ||
        (c.resource === 'deployments' && (c.verb === 'PATCH' || c.verb === 'APPLY'));
      if (!intercepted) continue;
      // The client waits for the webhook; the SLI metric leaves webhook time out.
      c.sliLatency = c.latency;
      c.latency = { ...c.latency, tail: timedOut };
      c.errorShare = 1;
    }
    // The replicaset controller cannot create pods: its queue retries them.
    spec.scheduler.attemptsPerSecond.scheduled = 0.02;
  }),
  expected: expectVerdicts({
    admission: { status: 'DOWN', operationsPath: true, userPath: false, mentions: [WEBHOOK, 'timing out'] },
  }),
};
