/**
 * Collects every problem found while loading a config, each with the file and line of the
 * setting it is about, so one run reports all of them instead of stopping at the first.
 */
import type { ConfigProblem } from './config-types.ts';
import { formatPath, type ConfigPath } from './config-path.ts';

/** Where a setting was written. */
export interface SourceLocation {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line, where known. */
  line?: number;
  /**
   * The setting's path within `file`. It differs from its path in the merged config for
   * settings from included files (their `model_list` entries are renumbered when appended).
   */
  path?: ConfigPath;
}

/** Finds where the setting at `path` was written (the nearest enclosing setting if it is absent). */
export type Locate = (path: ConfigPath) => SourceLocation;

/** Records problems against paths, looking up their file and line. */
export class ProblemCollector {
  readonly problems: ConfigProblem[] = [];
  /** Where a setting was written; for messages that point at another setting. */
  readonly locate: Locate;

  constructor(locate: Locate) {
    this.locate = locate;
  }

  /** Records an error: the config will not load. */
  error(path: ConfigPath, message: string): void {
    this.#add({ path, message, severity: 'error' });
  }

  /** Records a warning: the config loads, but the user should know. */
  warning(path: ConfigPath, message: string): void {
    this.#add({ path, message, severity: 'warning' });
  }

  #add(options: { path: ConfigPath; message: string; severity: ConfigProblem['severity'] }): void {
    const location = this.locate(options.path);
    const problem: ConfigProblem = {
      path: formatPath(location.path ?? options.path),
      message: options.message,
      severity: options.severity,
      file: location.file,
    };
    if (location.line !== undefined) {
      problem.line = location.line;
    }
    this.problems.push(problem);
  }
}
