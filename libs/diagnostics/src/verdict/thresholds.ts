/** Tunable limits of the status rules. Pass a partial object to override the defaults. */
export interface StatusThresholds {
  /** A watch that delivered nothing (event, bookmark or relist) for longer than this is stale. */
  staleAfterMs: number;
  /** Data plane is DOWN when more than this share of serving Deployments has no available replica. */
  downUnavailableDeploymentShare: number;
  /** Offender names shown per kind in a summary sentence (the rest are counted, "+N more"). */
  maxNamesPerKind: number;
}

export const DEFAULT_STATUS_THRESHOLDS: Readonly<StatusThresholds> = {
  staleAfterMs: 120_000,
  downUnavailableDeploymentShare: 0.5,
  maxNamesPerKind: 3,
};

/** Defaults overlaid with the given overrides (undefined entries keep the default). */
export function resolveThresholds(overrides: Partial<StatusThresholds> = {}): StatusThresholds {
  return {
    staleAfterMs: overrides.staleAfterMs ?? DEFAULT_STATUS_THRESHOLDS.staleAfterMs,
    downUnavailableDeploymentShare:
      overrides.downUnavailableDeploymentShare ?? DEFAULT_STATUS_THRESHOLDS.downUnavailableDeploymentShare,
    maxNamesPerKind: overrides.maxNamesPerKind ?? DEFAULT_STATUS_THRESHOLDS.maxNamesPerKind,
  };
}
