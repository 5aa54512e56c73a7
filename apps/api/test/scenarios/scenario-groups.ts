import { CONTROL_PLANE_SCENARIO_NAMES } from '@fleetscope/fleet-sim';

/** The simulated fleet's three clusters, each given one control-plane scenario per group. */
export const SIM_CLUSTERS = ['openb', 'prod-eu-west', 'prod-us-east'] as const;

/**
 * Every control-plane scenario the simulator can enact (Prometheus being unreachable is a fault of the
 * test harness, tested on its own), dealt out over the three clusters.
 */
export function scenarioGroups(): Array<Record<string, string>> {
  const names = CONTROL_PLANE_SCENARIO_NAMES.filter((n) => n !== 'prometheus-unreachable');
  const groups: Array<Record<string, string>> = [];
  for (let i = 0; i < names.length; i += SIM_CLUSTERS.length) {
    const group: Record<string, string> = {};
    names.slice(i, i + SIM_CLUSTERS.length).forEach((scenario, j) => {
      group[SIM_CLUSTERS[j] as string] = scenario;
    });
    groups.push(group);
  }
  return groups;
}

export const PATHS = ['read', 'write', 'admission', 'watch'] as const;
export const PARTS = ['etcd', 'scheduler', 'controllers'] as const;
