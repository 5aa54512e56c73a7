/**
 * Counts of what subscriptions cost, by subscription field: executions of the selection and JSON
 * serializations of a payload (one each per operation, variables and version, however many
 * subscribers share it), and messages pushed (one per subscriber per message). Exported on /metrics.
 */
export class PushMetrics {
  readonly executions = new Map<string, number>();
  readonly serializations = new Map<string, number>();
  readonly pushes = new Map<string, number>();

  count(counter: Map<string, number>, field: string): void {
    counter.set(field, (counter.get(field) ?? 0) + 1);
  }
}
