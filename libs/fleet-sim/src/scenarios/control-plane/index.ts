import { admissionWebhookTimeoutControlPlane } from './admission-webhook-timeout.ts';
import { apfStarvationControlPlane } from './apf-starvation.ts';
import { etcdLostQuorumControlPlane } from './etcd-lost-quorum.ts';
import { etcdSlowDiskControlPlane } from './etcd-slow-disk.ts';
import { healthyControlPlane } from './healthy.ts';
import { managedNoEtcdMetricsControlPlane } from './managed-no-etcd-metrics.ts';
import { prometheusUnreachableControlPlane } from './prometheus-unreachable.ts';
import type { ControlPlaneScenario, ExpectedControlPlane } from './scenario.ts';
import { watchCachePressureControlPlane } from './watch-cache-pressure.ts';

/** Every named control-plane scenario. */
export const CONTROL_PLANE_SCENARIOS: Readonly<Record<string, ControlPlaneScenario>> = {
  healthy: healthyControlPlane,
  'etcd-slow-disk': etcdSlowDiskControlPlane,
  'etcd-lost-quorum': etcdLostQuorumControlPlane,
  'admission-webhook-timeout': admissionWebhookTimeoutControlPlane,
  'apf-starvation': apfStarvationControlPlane,
  'watch-cache-pressure': watchCachePressureControlPlane,
  'managed-no-etcd-metrics': managedNoEtcdMetricsControlPlane,
  'prometheus-unreachable': prometheusUnreachableControlPlane,
};

/** Every control-plane scenario name. */
export const CONTROL_PLANE_SCENARIO_NAMES: readonly string[] = Object.keys(CONTROL_PLANE_SCENARIOS);

/** A control-plane scenario by name; throws with the list of known names otherwise. */
export function controlPlaneScenarioByName(name: string): ControlPlaneScenario {
  const found = CONTROL_PLANE_SCENARIOS[name];
  if (!found)
    throw new Error(
      `unknown control-plane scenario "${name}" (known: ${CONTROL_PLANE_SCENARIO_NAMES.join(', ')})`,
    );
  return found;
}

/** The verdicts diagnostics must reach under a scenario, per component (ground truth for tests). */
export function expectedControlPlane(scenarioName: string): ExpectedControlPlane {
  return structuredClone(controlPlaneScenarioByName(scenarioName).expected);
}
