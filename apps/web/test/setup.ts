import { notifyManager } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// The answer cache notifies its observers on a zero-delay timer; under fake timers that timer only runs
// when a test advances the clock (and a 0 ms timer set during a tick is pushed to 1 ms). A microtask keeps
// the same "after this batch" ordering without tying every assertion to the fake clock.
notifyManager.setScheduler(queueMicrotask);

// Testing Library only cleans up by itself when test globals are on; they are off here.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
