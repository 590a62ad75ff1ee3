//! Custom domains' queries and mutations (TanStack Query): a check or an add answers the domain, which replaces its
//! entry in the cached list at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { domainsApi, type CustomDomain, type DomainList } from './domainsApi';

export const domainKeys = { list: ['brand', 'domains'] as const };

export function useDomains() {
  return useQuery({ queryKey: domainKeys.list, queryFn: domainsApi.list });
}

function useReplace() {
  const qc = useQueryClient();
  return (d: CustomDomain) =>
    qc.setQueryData<DomainList>(domainKeys.list, (list) =>
      list
        ? {
            ...list,
            domains: list.domains.some((x) => x.id === d.id) ? list.domains.map((x) => (x.id === d.id ? d : x)) : [...list.domains, d],
          }
        : list,
    );
}

export function useAddDomain() {
  const replace = useReplace();
  return useMutation({ mutationFn: domainsApi.add, onSuccess: replace });
}

export function useCheckDomain() {
  const replace = useReplace();
  return useMutation({ mutationFn: domainsApi.check, onSuccess: replace });
}

export function useRemoveDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: domainsApi.remove,
    onSuccess: (_, id) =>
      qc.setQueryData<DomainList>(domainKeys.list, (list) => (list ? { ...list, domains: list.domains.filter((d) => d.id !== id) } : list)),
  });
}
