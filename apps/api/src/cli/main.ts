import { analyze, formatText } from './analyze.ts';
import { explainScheduling } from './explain-scheduling.ts';
import { printable, printableBlock } from './printable.ts';
import { DumpError } from './read-dump.ts';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (commands that take their input there); absent: no stdin. */
  stdin?(): Promise<string>;
}

const USAGE = `Usage: fleetscope analyze [<dump.json>…] [--metrics <file.prom>]… [--format json|text] [--cluster <name>]
       fleetscope explain-scheduling [--format json|text] ["<kube-scheduler message>"]

Reads Kubernetes objects written by \`kubectl get … -o json\` (List or single objects, several files)
and prints the same fleet summary the Fleetscope API computes.
GPU pools come with F, largest placeable, Frag_k and E per resource, the nodes not usable yet, and the
pending GPU pods fragmentation blocks with the fewest moves that make room. Dumps may also hold
PodDisruptionBudgets (moves respect them) and ResourceSlices/ResourceClaims (DRA devices are counted),
Gateways, HTTPRoutes, GatewayClasses and ReferenceGrants (the serving path: routes joined to Services
and endpoints, classes not Accepted, cross-namespace references no grant allows) and Kueue
Workloads, LocalQueues and ClusterQueues (what a gated pod waits for; evicted workloads).

  --metrics <file>   Prometheus text exposition as \`curl …/metrics\` writes it, from kube-apiserver,
                     etcd (one file per member), kube-scheduler or kube-controller-manager; repeatable.
                     Adds the control-plane verdict per path (read, write, admission, watch) and for
                     etcd, the scheduler and the controllers, with the impact. One snapshot: gauges are
                     used as scraped, latency p99s are lifetime distributions (since process start), and
                     inputs that need rates over time are listed as UNKNOWN, never judged.
                     Malformed lines are reported as FILE:LINE and skipped. Dumps are optional with it.
                     dcgm-exporter scrapes (curl <node>:9400/metrics, several nodes or times) list
                     every GPU and MIG instance by UUID: node, model, engine activity, memory, power,
                     temperature, XIDs, pods. Every exporter label naming is read (Hostname/hostname,
                     UUID/uuid, pod/pod_name/exported_pod, GPU_I_PROFILE/GPU_I_ID); unknown labels and
                     series that name no device are reported, never guessed.
  --format json|text Output format (default text).
  --cluster <name>   Cluster name in the report (default "offline").

explain-scheduling parses a FailedScheduling message (the PodScheduled condition or the event, e.g.
"0/36 nodes are available: 3 node(s) were unschedulable, 33 Insufficient nvidia.com/gpu. preemption: …")
given as the argument or on standard input: json prints { nodesTotal, reasons: [{ section, count, reason,
plugin, resource }] }; text (default) explains it.

Exit codes: 0 analysed; 1 usage error; 2 malformed or unreadable input.
`;

interface Args {
  format: string;
  cluster: string;
  dumps: string[];
  metrics: string[];
}

/** Parses `analyze`'s arguments; a string is the usage error to print. */
function parseArgs(rest: readonly string[]): Args | string {
  const args: Args = { format: 'text', cluster: 'offline', dumps: [], metrics: [] };
  const set = (option: string, value: string): void => {
    if (option === '--format') args.format = value;
    else if (option === '--cluster') args.cluster = value;
    else args.metrics.push(value);
  };
  const options = ['--format', '--cluster', '--metrics'];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (options.includes(name)) {
      const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') return `${name} needs a value`;
      set(name, value);
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      args.dumps.push(arg);
    }
  }
  if (args.format !== 'json' && args.format !== 'text') {
    return `--format must be json or text, got "${args.format}"`;
  }
  return args;
}

/** Entry point of the `fleetscope` command; returns the exit code and never throws. */
export async function main(argv: string[], raw: Output): Promise<number> {
  // Everything printed passes here: no control sequence from an input file reaches the terminal.
  const out: Output = {
    stdout: (text) => raw.stdout(printableBlock(text)),
    stderr: (text) => raw.stderr(printableBlock(text)),
  };
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.stdout(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'explain-scheduling') return explainScheduling(rest, out, raw.stdin);
  if (command !== 'analyze') {
    out.stderr(`fleetscope: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(USAGE);
    return 0;
  }
  const args = parseArgs(rest);
  if (typeof args === 'string') {
    out.stderr(`fleetscope analyze: ${args}\n`);
    return 1;
  }
  if (args.dumps.length === 0 && args.metrics.length === 0) {
    out.stderr(`fleetscope analyze: no input files\n\n${USAGE}`);
    return 1;
  }
  try {
    const report = await analyze({
      dumps: args.dumps,
      metrics: args.metrics,
      cluster: args.cluster,
      now: Date.now(),
    });
    out.stdout(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
    for (const r of report.rejected) out.stderr(`warning: rejected ${printable(r)}\n`);
    if (report.gpus !== undefined && report.gpus.unknownLabels.length > 0) {
      out.stderr(
        `warning: DCGM series carry unknown labels (not read): ${printable(report.gpus.unknownLabels.join(', '))}\n`,
      );
    }
    if (report.gpus !== undefined && report.gpus.skippedSeries > 0) {
      out.stderr(`warning: ${report.gpus.skippedSeries} DCGM series name no device (see the report)\n`);
    }
    for (const f of report.controlPlane?.files ?? []) {
      if (f.components.length === 0) {
        out.stderr(`warning: ${printable(f.file)}: no control-plane component recognised in its metrics\n`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof DumpError) {
      out.stderr(`fleetscope analyze: ${error.message}\n`);
      return 2;
    }
    out.stderr(`fleetscope analyze: internal error: ${(error as Error).message}\n`);
    return 70;
  }
}
