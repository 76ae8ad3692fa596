import { parseArgs } from 'node:util';

export type CliCommand =
  | { kind: 'serve'; config: string | undefined; port: number; host: string; numWorkers: number; detailedDebug: boolean }
  | { kind: 'check-config'; config: string }
  | { kind: 'help' }
  | { kind: 'version' };

export const USAGE = `Usage:
  switchyard --config FILE [--port 4000] [--host 0.0.0.0] [--num_workers N] [--detailed_debug]
  switchyard check-config FILE

Environment: CONFIG_FILE_PATH, PORT, HOST, NUM_WORKERS, LITELLM_MASTER_KEY, LITELLM_LOG (DEBUG|INFO|WARNING|ERROR).`;

/** Parses `switchyard` arguments the way the `litellm` CLI takes them; flags win over env. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      num_workers: { type: 'string' },
      detailed_debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  if (positionals[0] === 'check-config') {
    const config = positionals[1] ?? values.config ?? env['CONFIG_FILE_PATH'];
    if (config === undefined) throw new CliUsageError('check-config needs a FILE');
    return { kind: 'check-config', config };
  }
  if (positionals.length > 0 && positionals[0] !== 'serve') throw new CliUsageError(`unknown command "${positionals[0] ?? ''}"`);
  return {
    kind: 'serve',
    config: values.config ?? env['CONFIG_FILE_PATH'],
    port: toInt('--port', values.port ?? env['PORT'] ?? '4000', { min: 0, max: 65535 }),
    host: values.host ?? env['HOST'] ?? '0.0.0.0',
    numWorkers: toInt('--num_workers', values.num_workers ?? env['NUM_WORKERS'] ?? '1', { min: 1, max: 1024 }),
    detailedDebug: values.detailed_debug === true,
  };
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

function toInt(flag: string, text: string, range: { min: number; max: number }): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new CliUsageError(`${flag} must be an integer from ${range.min} to ${range.max}, got "${text}"`);
  }
  return value;
}
