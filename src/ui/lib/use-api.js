import { useCallback, useEffect, useState } from 'preact/hooks';

/**
 * Loads `load()` when `deps` change; `{ data, error, loading, reload }`. An error is kept as
 * the gateway's message so the page can show it next to what it concerns.
 */
export function useApi(load, deps = []) {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/** The message to show for a failed call; the gateway's "no database" answer gets the fix. */
export function describeError(error) {
  if (!error) return '';
  if (error.type === 'no_db_connection') return `No database configured: keys, teams, spend and stored models need DATABASE_URL or the embedded store (the default for \`switchyard\`). (${error.message})`;
  return error.message ?? String(error);
}
