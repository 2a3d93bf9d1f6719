import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';

/** Every customer of the dealer (up to 500), for pickers and filters: one query shared by the pages that need it. */
export function useAllCustomers(enabled = true) {
  return useQuery({ queryKey: ['customers-all'], queryFn: () => call(api.GET('/api/v1/customers', { params: { query: { limit: 500 } } })), enabled, staleTime: 60_000 });
}
