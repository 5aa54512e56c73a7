import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import type { EnvelopeShape } from './sim-envelope.ts';

/** The envelope simulator running in a child process (bench/sim-serve.ts), and how to talk to it. */
export interface SimProcess {
  url: string;
  pods: number;
  nodes: number;
  /** A kubeconfig for its API server (plain HTTP on loopback, no credentials). */
  kubeConfig(): KubeConfig;
  /** Sends a command and waits for the answer of the same `event` name. */
  command(cmd: Record<string, unknown> & { cmd: string }): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function startSimProcess(shape: EnvelopeShape, pods: number): Promise<SimProcess> {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', join(here, 'sim-serve.ts'), '--shape', shape, '--pods', String(pods)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  let ready: (message: Record<string, unknown>) => void = () => {};
  const readyMessage = new Promise<Record<string, unknown>>((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before it was ready`)));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('SIM ')) return;
    const message = JSON.parse(line.slice(4)) as Record<string, unknown>;
    if (message.event === 'ready') ready(message);
    const resolve = waiting.get(String(message.event));
    if (resolve) {
      waiting.delete(String(message.event));
      resolve(message);
    }
  });
  const hello = await readyMessage;
  const url = String(hello.url);
  return {
    url,
    pods: Number(hello.pods),
    nodes: Number(hello.nodes),
    kubeConfig(): KubeConfig {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
        users: [{ name: 'bench' }],
        contexts: [{ name: 'sim', cluster: 'sim', user: 'bench' }],
        currentContext: 'sim',
      });
      return kc;
    },
    command(cmd) {
      return new Promise((resolve) => {
        waiting.set(cmd.cmd, resolve);
        child.stdin.write(`${JSON.stringify(cmd)}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    },
  };
}
