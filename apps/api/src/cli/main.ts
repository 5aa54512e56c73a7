import { analyzeFiles, formatText } from './analyze.ts';
import { DumpError } from './read-dump.ts';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage: fleetscope analyze <file.json…> [--format json|text] [--cluster <name>]

Reads Kubernetes objects written by \`kubectl get … -o json\` (List or single objects, several files)
and prints the same fleet summary the Fleetscope API computes.

Exit codes: 0 analysed; 1 usage error; 2 malformed input.
`;

/** Entry point of the `fleetscope` command; returns the exit code and never throws. */
export async function main(argv: string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out.stdout(USAGE);
    return command ? 0 : 1;
  }
  if (command !== 'analyze') {
    out.stderr(`fleetscope: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  let format = 'text';
  let cluster = 'offline';
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--format' || arg === '--cluster') {
      const value = rest[++i];
      if (value === undefined) {
        out.stderr(`fleetscope analyze: ${arg} needs a value\n`);
        return 1;
      }
      if (arg === '--format') format = value;
      else cluster = value;
    } else if (arg.startsWith('--format=')) {
      format = arg.slice('--format='.length);
    } else if (arg.startsWith('--')) {
      out.stderr(`fleetscope analyze: unknown option ${arg}\n`);
      return 1;
    } else {
      files.push(arg);
    }
  }
  if (format !== 'json' && format !== 'text') {
    out.stderr(`fleetscope analyze: --format must be json or text, got "${format}"\n`);
    return 1;
  }
  if (files.length === 0) {
    out.stderr(`fleetscope analyze: no input files\n\n${USAGE}`);
    return 1;
  }
  try {
    const report = await analyzeFiles(files, cluster, Date.now());
    out.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
    for (const r of report.rejected) out.stderr(`warning: rejected ${r}\n`);
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
