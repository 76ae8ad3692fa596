/**
 * How a bench child process (fake upstream, bare proxy, open-loop generator) talks to the
 * orchestrator: it reports one JSON line on stdout when ready and exits as soon as its
 * parent goes away, so no child outlives a bench run.
 */

/** Prints the ready line `{"ready":true,"port":N}` that the orchestrator waits for. */
export function announceListening(port: number): void {
  process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
}

/**
 * Exits when stdin closes (the orchestrator keeps a pipe open and its death closes it),
 * and on SIGTERM / SIGINT.
 */
export function exitWithParent(onExit: () => void = () => {}): void {
  const stop = (): void => {
    onExit();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
