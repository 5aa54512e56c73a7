import type { HealthStatus } from '../graphql/generated/graphql.ts';

/** How an impact flag ("Operations path", "User path") is drawn. */
export type ImpactFlagState = 'impaired' | 'ok' | 'unknown' | 'stale';

/**
 * Decides what an impact flag may claim. "Not impaired" is only shown as OK when the control-plane verdict
 * behind it is known and current: an UNKNOWN (or not observable) control plane cannot vouch for a path,
 * and stale data is old news whatever it says.
 */
export function impactFlagState(
  impaired: boolean,
  controlPlaneStatus: HealthStatus,
  stale: boolean,
): ImpactFlagState {
  if (stale) return 'stale';
  if (impaired) return 'impaired';
  if (controlPlaneStatus === 'UNKNOWN' || controlPlaneStatus === 'NOT_APPLICABLE') return 'unknown';
  return 'ok';
}

/** The words on a flag, e.g. "impaired", "OK", "STALE (last: OK)". */
export function impactFlagText(state: ImpactFlagState, impaired: boolean): string {
  switch (state) {
    case 'impaired':
      return 'impaired';
    case 'ok':
      return 'OK';
    case 'unknown':
      return 'unknown';
    case 'stale':
      return `STALE (last: ${impaired ? 'impaired' : 'OK'})`;
  }
}
