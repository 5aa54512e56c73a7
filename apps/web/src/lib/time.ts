/**
 * Parses a GraphQL `DateTime` (ISO-8601 string) into epoch ms.
 * Returns null for null and for anything unparseable: an unreadable time is treated as "no data", never as now.
 */
export function parseDateTime(value: string | null): number | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** Local wall-clock time as HH:MM:SS (24 h), independent of the browser locale. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * A duration as a short human age: "0 s", "42 s", "3 min 5 s", "2 h 4 min", "3 d 1 h".
 * Negative durations (a server clock ahead of the browser) read as "0 s".
 */
export function formatAge(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    const s = totalSeconds % 60;
    return s === 0 ? `${totalMinutes} min` : `${totalMinutes} min ${s} s`;
  }
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) {
    const m = totalMinutes % 60;
    return m === 0 ? `${totalHours} h` : `${totalHours} h ${m} min`;
  }
  const days = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  return h === 0 ? `${days} d` : `${days} d ${h} h`;
}
