import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** How long a burst of file events must settle before the config is re-read (editors and ConfigMap swaps write in steps). */
const SETTLE_MS = 300;

export interface ConfigWatcher {
  /** Re-reads the files now (SIGHUP) and reloads even if they look unchanged. */
  reloadNow(): void;
  close(): void;
}

/**
 * Watches the config file and its includes for changes and calls `reload` once per settled
 * change whose content differs from the last one loaded. Folders are watched, not files, so a
 * Kubernetes ConfigMap update (an atomic swap of the `..data` symlink) and editors that write a
 * new file and rename it are both seen. Reloads never overlap: a change during a reload is
 * handled after it.
 */
export function watchConfig(options: { files: readonly string[]; reload: () => Promise<readonly string[] | undefined>; onError: (error: unknown) => void }): ConfigWatcher {
  let files = [...options.files];
  let lastDigest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending: 'changed' | 'forced' | undefined;
  let watchers: FSWatcher[] = [];

  const digest = async (): Promise<string> => {
    const hash = createHash('sha256');
    for (const file of files) hash.update(file).update('\0').update(await readFile(file).catch(() => Buffer.from('<missing>'))).update('\0');
    return hash.digest('hex');
  };

  const watchFolders = (): void => {
    for (const watcher of watchers) watcher.close();
    const names = new Map<string, Set<string>>();
    for (const file of files) {
      const folder = dirname(file);
      names.set(folder, (names.get(folder) ?? new Set()).add(basename(file)));
    }
    watchers = [...names].flatMap(([folder, wanted]) => {
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (name === null || wanted.has(name) || name.startsWith('..')) schedule('changed');
        });
        watcher.on('error', options.onError);
        return [watcher];
      } catch (error) {
        options.onError(error);
        return [];
      }
    });
  };

  const run = async (kind: 'changed' | 'forced'): Promise<void> => {
    const now = await digest();
    if (kind === 'changed' && now === lastDigest) return;
    const loadedFiles = await options.reload();
    // Remembered whether it loaded or not: a rejected file is not tried again until it changes.
    lastDigest = now;
    if (loadedFiles !== undefined && loadedFiles.join('\0') !== files.join('\0')) {
      // The includes changed: watch the new set.
      files = [...loadedFiles];
      lastDigest = await digest();
      watchFolders();
    }
  };

  const drain = (): void => {
    if (running !== undefined || pending === undefined) return;
    const kind = pending;
    pending = undefined;
    running = run(kind).catch(options.onError).finally(() => {
      running = undefined;
      drain();
    });
  };

  function schedule(kind: 'changed' | 'forced'): void {
    clearTimeout(timer);
    const delay = kind === 'forced' ? 0 : SETTLE_MS;
    timer = setTimeout(() => {
      pending = pending === 'forced' ? 'forced' : kind;
      drain();
    }, delay);
    timer.unref();
  }

  digest().then((d) => { lastDigest ??= d; }, options.onError);
  watchFolders();
  return {
    reloadNow: () => schedule('forced'),
    close: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
