import { describe, expect, it } from 'vitest';
import { eventually, startHarness } from '../support/harness.ts';

const CLUSTER = 'prod-eu-west';
const QUERY = `{ cluster(name: "${CLUSTER}") { controlPlane {
  status impact { statement }
  paths { admission { status summary evidence { signal value source } } }
} } }`;

interface Answer {
  cluster: {
    controlPlane: {
      status: string;
      impact: { statement: string };
      paths: {
        admission: { status: string; summary: string; evidence: { signal: string; value: string }[] };
      };
    };
  };
}

/**
 * The demo path end to end (simulated API server and metrics, the real reflectors, metrics collector,
 * probe scheduler, snapshots and GraphQL): a webhook times out past the v1.24 top bucket — admission
 * DOWN with the p99 shown only as "> 2.5 s (mean …)"; then the webhook is fixed — the dry run passes at
 * once while the 5-minute rates still hold the errors, and admission reads "recovering", not DOWN.
 */
describe('admission recovery in the demo path', () => {
  it('goes DOWN while the webhook times out, then "recovering" (DEGRADED) once the dry run passes again', async () => {
    const h = await startHarness(['--probe-interval', '1', '--metrics-interval', '1'], {
      [CLUSTER]: 'admission-webhook-timeout',
    });
    try {
      const admission = async () => {
        const result = await h.gql<Answer>(QUERY);
        expect(result.errors).toBeUndefined();
        const cp = result.data?.cluster.controlPlane;
        if (!cp) throw new Error('no control plane');
        return cp;
      };
      await eventually(async () => {
        const cp = await admission();
        expect(cp.paths.admission.status).toBe('DOWN');
        expect(cp.paths.admission.summary).toMatch(/^webhook policy\.example\.com timing out \(/);
        // The saturated p99 is a floor with the mean, never "2.5 s".
        const p99 = cp.paths.admission.evidence.find((e) =>
          e.signal.startsWith('admission_webhook_p99_seconds{name="policy.example.com"'),
        );
        expect(p99?.value).toBe('> 2.5 s (mean 10 s)');
        expect(cp.paths.admission.evidence.some((e) => e.signal === 'probe_admission_dry_run_seconds')).toBe(
          true,
        );
        expect(
          cp.paths.admission.evidence.find((e) => e.signal === 'probe_admission_dry_run_seconds')?.value,
        ).toMatch(/^failed: /);
      }, 30_000);

      // The webhook is fixed (deleted): the dry run passes from the next probe round on.
      h.fleet.cluster(CLUSTER).setControlPlaneScenario('healthy');

      await eventually(async () => {
        const cp = await admission();
        expect(cp.paths.admission.status).toBe('DEGRADED');
        expect(cp.paths.admission.summary).toMatch(
          /^recovering: webhook policy\.example\.com timing out \(calling_webhook_error [\d.]+\/s.*\) until \d\d:\d\d UTC; dry-run passes since \d\d:\d\d UTC/,
        );
        expect(cp.status).not.toBe('DOWN');
        expect(cp.impact.statement).toMatch(/^Admission degraded: recovering: /);
        const dryRun = cp.paths.admission.evidence.filter(
          (e) => e.signal === 'probe_admission_dry_run_seconds',
        );
        expect(dryRun.some((e) => e.value.startsWith('passing since '))).toBe(true);
      }, 30_000);
    } finally {
      await h.close();
    }
  }, 90_000);
});
