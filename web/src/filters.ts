import { useSearchParams } from 'react-router-dom';

/**
 * A list's filters kept in the address (so a filtered list can be bookmarked and reloaded): the current
 * parameters, and `setParam(key, value)` to set one (or drop it with undefined), replacing the history entry.
 * Choosing another customer drops the site, which belonged to the one before. The next address is built
 * from the address as it is now, not from the parameters the last render saw: a change made just before
 * ("Clear filters", then typing at once) may not have rendered yet, and would otherwise come back.
 */
export function useAddressFilters() {
  const [params, setParams] = useSearchParams();
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value); else next.delete(key);
    if (key === 'customer') next.delete('site');
    setParams(next, { replace: true });
  };
  return { params, setParams, setParam };
}
