import { checkConfig } from '../config/check-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { SWITCHYARD_VERSION } from '../server/version.ts';
import { CliUsageError, USAGE, parseCliArgs } from './parse-cli-args.ts';
import { serve } from './serve.ts';

/** Entry point of the `switchyard` command. Returns the exit code for commands that end. */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const command = parseCliArgs(argv, process.env);
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`switchyard ${SWITCHYARD_VERSION}\n`);
      return 0;
    case 'check-config': {
      const result = await checkConfig({ path: command.config });
      process.stdout.write(`${result.report}\n`);
      return result.ok ? 0 : 1;
    }
    case 'serve':
      await serve(command);
      return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliUsageError) process.stderr.write(`switchyard: ${error.message}\n\n${USAGE}\n`);
    else if (error instanceof ConfigError) process.stderr.write(`switchyard: ${error.message}\n`);
    else process.stderr.write(`switchyard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof CliUsageError ? 2 : 1;
  },
);
