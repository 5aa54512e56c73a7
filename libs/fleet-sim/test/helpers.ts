/** Polls `check` until it returns true (or a value), failing after `timeoutMs`. Not a timing assertion. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface WatchLine {
  type: string;
  object: {
    kind?: string;
    apiVersion?: string;
    code?: number;
    reason?: string;
    message?: string;
    metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  };
}

/** Opens a raw watch and collects its lines until `until` says stop or the stream ends. */
export async function rawWatch(
  url: string,
  until: (lines: WatchLine[]) => boolean,
  timeoutMs = 10_000,
): Promise<{ status: number; lines: WatchLine[]; ended: boolean; body?: unknown }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const response = await fetch(url, { signal: controller.signal });
  const lines: WatchLine[] = [];
  if (response.status !== 200) {
    clearTimeout(timer);
    return { status: response.status, lines, ended: true, body: await response.json() };
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  try {
    while (!until(lines)) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        lines.push(JSON.parse(buffer.slice(0, newline)) as WatchLine);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  } catch (error) {
    // Our own timeout: the stream was still open, which is what a caller waiting with `() => false` learns.
    if (!timedOut) throw error;
  } finally {
    clearTimeout(timer);
    if (!ended) controller.abort();
  }
  return { status: 200, lines, ended };
}
