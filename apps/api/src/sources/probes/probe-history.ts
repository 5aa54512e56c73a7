import type { SignalHistory, SignalName, SignalSet } from '@fleetscope/types';

/**
 * Per cluster and probe: since when it passes, and when it last failed. A probe that passes now is
 * fresher, direct evidence than a 5-minute rate; with its history, diagnostics can tell "recovering:
 * … failed until 19:13, dry-run passes since 19:14" from a failure that is still going on.
 * Inconclusive rounds (the probe did not run: forbidden, namespace missing; or it reported
 * "inconclusive: …", e.g. Fleetscope itself was overloaded) leave the history as it is.
 */
export class ProbeHistory {
  readonly #byCluster = new Map<string, Map<SignalName, SignalHistory>>();

  /** Records one round's outcomes and returns the set with each probe's history attached. */
  record(set: SignalSet): SignalSet {
    let histories = this.#byCluster.get(set.cluster);
    if (histories === undefined) {
      histories = new Map();
      this.#byCluster.set(set.cluster, histories);
    }
    const signals: SignalSet['signals'] = {};
    for (const signal of Object.values(set.signals)) {
      if (signal === undefined) continue;
      const previous = histories.get(signal.name) ?? { failedUntil: null, passingSince: null };
      const at = signal.observedAt;
      let next = previous;
      const inconclusive = signal.error?.startsWith('inconclusive:') ?? false;
      if (at !== null && !inconclusive) {
        next =
          signal.error === null
            ? { failedUntil: previous.failedUntil, passingSince: previous.passingSince ?? at }
            : { failedUntil: at, passingSince: null };
      }
      histories.set(signal.name, next);
      signals[signal.name] = { ...signal, history: { ...next } };
    }
    return { ...set, signals };
  }
}
