import { clusterTriageScenario } from './cluster-triage.ts';
import { demoScenario } from './demo.ts';
import { gpuPoolsScenario } from './gpu-pools.ts';
import { gpuTriageScenario } from './gpu-triage.ts';
import { gpuUsageScenario } from './gpu-usage.ts';
import { healthyScenario } from './healthy.ts';
import { pendingFitScenario } from './pending-fit.ts';
import { rolloutsScenario } from './rollouts.ts';
import { servingScenario } from './serving.ts';
import type { ScenarioSpec } from './spec.ts';
import { triageScenario } from './triage.ts';

/** Every named scenario. */
export const SCENARIOS: Readonly<Record<string, ScenarioSpec>> = {
  healthy: healthyScenario,
  demo: demoScenario,
  triage: triageScenario,
  'cluster-triage': clusterTriageScenario,
  'gpu-triage': gpuTriageScenario,
  'gpu-usage': gpuUsageScenario,
  'gpu-pools': gpuPoolsScenario,
  rollouts: rolloutsScenario,
  serving: servingScenario,
  'pending-fit': pendingFitScenario,
};

/** Looks a scenario up by name; throws with the list of known names otherwise. */
export function scenarioByName(name: string): ScenarioSpec {
  const found = SCENARIOS[name];
  if (!found) throw new Error(`unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  return found;
}
