import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Page state kept in the URL query so that a view can be shared and survives a reload. Values equal to
 * their default (or empty) are left out of the URL; `update` replaces the history entry.
 */
export function useUrlState<K extends string>(defaults: Readonly<Record<K, string>>) {
  const [params, setParams] = useSearchParams();

  const values = useMemo(() => {
    const result = {} as Record<K, string>;
    for (const key of Object.keys(defaults) as K[]) result[key] = params.get(key) ?? defaults[key];
    return result;
  }, [params]);

  const update = useCallback(
    (changes: Partial<Record<K, string | null | undefined>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes) as [K, string | null | undefined][]) {
            if (value === null || value === undefined || value === '' || value === defaults[key]) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return [values, update] as const;
}
