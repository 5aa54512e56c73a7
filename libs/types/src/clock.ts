/** The one clock injected everywhere, so tests control time. Epoch milliseconds. */
export interface Clock {
  now(): number;
}
