import { useEffect, useState } from 'react';

/**
 * The browser clock, re-read every `intervalMs`. Staleness is re-evaluated on every tick so a frozen
 * feed turns stale on screen even when no new data (and so no re-render) arrives.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
