import { explainSchedulerMessage, parseSchedulerMessage } from '@fleetscope/diagnostics';
import type { Output } from './main.ts';

/** A message longer than this is not a scheduler message (the scheduler truncates long ones). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * `fleetscope explain-scheduling [--format json|text] ["<message>"]`: the message as the argument,
 * or on standard input when there is none. Exit 0 explained; 1 usage error; 2 no message.
 */
export async function explainScheduling(
  args: readonly string[],
  out: Output,
  stdin: (() => Promise<string>) | undefined,
): Promise<number> {
  let format = 'text';
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      out.stdout('Usage: fleetscope explain-scheduling [--format json|text] ["<kube-scheduler message>"]\n');
      return 0;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'json' && value !== 'text') {
        out.stderr(`fleetscope explain-scheduling: --format must be json or text, got "${value ?? ''}"\n`);
        return 1;
      }
      format = value;
    } else if (arg.startsWith('--')) {
      out.stderr(`fleetscope explain-scheduling: unknown option ${arg}\n`);
      return 1;
    } else {
      words.push(arg);
    }
  }
  let text = words.join(' ');
  if (text.trim() === '' && stdin !== undefined) text = await stdin();
  if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) {
    out.stderr('fleetscope explain-scheduling: message longer than 1 MiB: not a scheduler message\n');
    return 2;
  }
  if (text.trim() === '') {
    out.stderr('fleetscope explain-scheduling: no message (give it as the argument or on standard input)\n');
    return 2;
  }
  const parsed = parseSchedulerMessage(text);
  out.stdout(format === 'json' ? `${JSON.stringify(parsed, null, 2)}\n` : explainSchedulerMessage(parsed));
  return 0;
}
