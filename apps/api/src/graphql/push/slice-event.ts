/**
 * What a subscription's source stream yields: the version of the slice it watches and the value its
 * field resolves to. The push hub (push-hub.ts) executes and serializes one payload per operation and
 * version, and throttles each client.
 */
export interface SliceEvent<T = unknown> {
  readonly version: number;
  readonly value: T;
}

/**
 * An event of a stream of changes (findingsChanged): what a client is sent depends on what it was sent
 * last, so a throttled client that skipped versions still gets every change, folded into one message.
 */
export interface DeltaEvent<T = unknown> extends SliceEvent<T> {
  /**
   * The event for a client whose last message was `previous` (null: nothing sent yet, so the whole
   * current state); null when nothing changed for that client.
   */
  since(previous: DeltaEvent<T> | null): SliceEvent<T> | null;
}

export function isDeltaEvent(event: SliceEvent): event is DeltaEvent {
  return typeof (event as Partial<DeltaEvent>).since === 'function';
}

/** The field value of a source event: every subscription field resolves `event.value`. */
export const sliceValue = <T>(event: SliceEvent<T>): T => event.value;
