import type { Signal, SignalName, SignalSample, SignalSet } from '@fleetscope/types';

/** The signals of one exposition file, and the instance name its samples get when merged. */
export interface InstanceSignals {
  /** Written into the `instance` label, as a Prometheus scrape would (an existing label is kept). */
  instance: string;
  set: SignalSet;
}

function labelled(samples: readonly SignalSample[], instance: string): SignalSample[] {
  return samples.map((s) => ({
    labels: s.labels.instance === undefined ? { ...s.labels, instance } : { ...s.labels },
    value: s.value,
  }));
}

function mergeOne(contributions: readonly { instance: string; signal: Signal }[]): Signal | undefined {
  const first = contributions[0];
  if (first === undefined) return undefined;
  if (contributions.length === 1) return { ...first.signal, samples: [...first.signal.samples] };
  // A file whose copy of the signal erred does not spoil the others' samples.
  const usable = contributions.filter((c) => c.signal.error === null);
  const samples = usable.flatMap((c) => labelled(c.signal.samples, c.instance));
  const sources = [...new Set(contributions.map((c) => c.signal.source))];
  const instances = [...new Set(contributions.map((c) => c.instance))];
  const windows = [...new Set(contributions.map((c) => c.signal.window))];
  const observed = contributions.map((c) => c.signal.observedAt).filter((t): t is number => t !== null);
  const error =
    usable.length > 0
      ? null
      : contributions.map((c) => `${c.instance}: ${c.signal.error ?? 'unknown error'}`).join('; ');
  return {
    name: first.signal.name,
    samples,
    window: windows.join(', '),
    // Each sample names its file in `instance`; the source stays short enough to read.
    source:
      sources.length === 1
        ? (sources[0] ?? '')
        : instances.length <= 3
          ? instances.join(', ')
          : `${instances.length} files`,
    // The oldest observation: a merged value is no fresher than its oldest part.
    observedAt: observed.length === 0 ? null : Math.min(...observed),
    error,
  };
}

/**
 * Merges the signal sets of several exposition files (one per scraped process) into one set, the
 * way Prometheus keeps one series per target: samples of a signal found in more than one file are
 * all kept, each labelled with its file's `instance`. Merging per signal rather than per metric
 * family matters: three etcd members each exposing `etcd_server_has_leader 1` are three members
 * with a leader, not one member with value 3. A component is observable when any file shows it.
 */
export function mergeSignalSets(cluster: string, parts: readonly InstanceSignals[]): SignalSet {
  const byName = new Map<SignalName, { instance: string; signal: Signal }[]>();
  const observable = { etcd: false, scheduler: false, controllers: false };
  for (const part of parts) {
    observable.etcd ||= part.set.observable.etcd;
    observable.scheduler ||= part.set.observable.scheduler;
    observable.controllers ||= part.set.observable.controllers;
    for (const signal of Object.values(part.set.signals)) {
      if (signal === undefined) continue;
      const list = byName.get(signal.name) ?? [];
      list.push({ instance: part.instance, signal });
      byName.set(signal.name, list);
    }
  }
  const signals: Partial<Record<SignalName, Signal>> = {};
  for (const [name, contributions] of byName) {
    const merged = mergeOne(contributions);
    if (merged !== undefined) signals[name] = merged;
  }
  return { cluster, signals, observable };
}
