import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { useErrorText } from '../../i18n/useErrorText';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSessionState } from '../auth';
import { crmApi, type ListParams } from './api';
import type { Contact, ContactField, ContactFilter } from './types';

export const crmKeys = {
  all: ['crm'] as const,
  contacts: ['crm', 'contacts'] as const,
  list: (p: ListParams) => ['crm', 'contacts', 'list', p] as const,
  count: (f: ContactFilter) => ['crm', 'contacts', 'count', f] as const,
  contact: (id: string) => ['crm', 'contact', id] as const,
  timeline: (id: string) => ['crm', 'contact', id, 'timeline'] as const,
  contactConversations: (id: string) => ['crm', 'contact', id, 'conversations'] as const,
  fields: ['crm', 'fields'] as const,
  segments: ['crm', 'segments'] as const,
  segment: (id: string) => ['crm', 'segments', id] as const,
  segmentCount: (id: string) => ['crm', 'segments', id, 'count'] as const,
  imports: ['crm', 'imports'] as const,
  consentSettings: ['crm', 'consent-settings'] as const,
  importOne: (id: string) => ['crm', 'imports', id] as const,
};

export const CONTACT_PAGE = 50;

/** Owners and managers may delete, merge, import and define fields; agents may not. */
export function useIsManager(): boolean {
  const role = useSessionState().session?.role;
  return role === 'owner' || role === 'manager';
}

export function useContactList(p: ListParams) {
  return useInfiniteQuery({
    queryKey: crmKeys.list(p),
    queryFn: ({ pageParam }) => crmApi.contacts(p, pageParam, CONTACT_PAGE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContactCount(f: ContactFilter, enabled = true) {
  return useQuery({ queryKey: crmKeys.count(f), queryFn: () => crmApi.count(f), placeholderData: keepPreviousData, enabled });
}

export function useContact(id: string) {
  return useQuery({ queryKey: crmKeys.contact(id), queryFn: () => crmApi.contact(id) });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: crmKeys.timeline(id), queryFn: () => crmApi.timeline(id) });
}

export function useContactConversations(id: string) {
  return useQuery({ queryKey: crmKeys.contactConversations(id), queryFn: () => crmApi.conversations(id) });
}

const byPosition = (a: ContactField, b: ContactField) => a.position - b.position;

export function useContactFields() {
  return useQuery({ queryKey: crmKeys.fields, queryFn: crmApi.fields, staleTime: 60_000, select: (l: ContactField[]) => [...l].sort(byPosition) });
}

export function useSegments() {
  return useQuery({ queryKey: crmKeys.segments, queryFn: crmApi.segments });
}

export function useSegment(id: string | null) {
  return useQuery({ queryKey: crmKeys.segment(id ?? ''), queryFn: () => crmApi.segment(id ?? ''), enabled: Boolean(id) });
}

export function useSegmentCount(id: string) {
  return useQuery({ queryKey: crmKeys.segmentCount(id), queryFn: () => crmApi.segmentCount(id), staleTime: 30_000 });
}

/** After a change to contacts: lists and counts, and the contact when given. */
function useContactsChanged() {
  const qc = useQueryClient();
  return (contact?: Contact) => {
    if (contact) qc.setQueryData(crmKeys.contact(contact.id), contact);
    void qc.invalidateQueries({ queryKey: crmKeys.contacts });
    void qc.invalidateQueries({ queryKey: ['crm', 'segments'] });
    if (contact) void qc.invalidateQueries({ queryKey: crmKeys.timeline(contact.id) });
  };
}

export function useContactActions() {
  const changed = useContactsChanged();
  const qc = useQueryClient();
  return {
    create: useMutation({ mutationFn: crmApi.createContact, onSuccess: (c) => changed(c) }),
    update: useMutation({ mutationFn: crmApi.updateContact, onSuccess: (c) => changed(c) }),
    setLabels: useMutation({
      mutationFn: crmApi.setLabels,
      onSuccess: (c) => {
        changed(c);
        // The inbox shows a contact's labels too.
        void qc.invalidateQueries({ queryKey: ['conversations'] });
      },
    }),
    setConsent: useMutation({ mutationFn: crmApi.setConsent, onSuccess: (c) => changed(c) }),
    merge: useMutation({
      mutationFn: crmApi.merge,
      onSuccess: (c) => {
        changed(c);
        void qc.invalidateQueries({ queryKey: crmKeys.contactConversations(c.id) });
      },
    }),
    remove: useMutation({
      mutationFn: crmApi.deleteContact,
      onSuccess: (_, id) => {
        qc.removeQueries({ queryKey: crmKeys.contact(id) });
        changed();
      },
    }),
    bulk: useMutation({ mutationFn: crmApi.bulk, onSuccess: () => changed() }),
  };
}

export function useFieldActions() {
  const qc = useQueryClient();
  const refetch = () => qc.invalidateQueries({ queryKey: crmKeys.fields });
  return {
    create: useMutation({ mutationFn: crmApi.createField, onSuccess: refetch }),
    update: useMutation({ mutationFn: crmApi.updateField, onSuccess: refetch }),
    remove: useMutation({
      mutationFn: crmApi.deleteField,
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: crmKeys.contacts });
        return refetch();
      },
    }),
  };
}

export function useSegmentActions() {
  const qc = useQueryClient();
  const refetch = () => qc.invalidateQueries({ queryKey: crmKeys.segments });
  return {
    create: useMutation({ mutationFn: crmApi.createSegment, onSuccess: refetch }),
    update: useMutation({ mutationFn: crmApi.updateSegment, onSuccess: refetch }),
    remove: useMutation({ mutationFn: crmApi.deleteSegment, onSuccess: refetch }),
  };
}

/** Like useErrorText, with the CRM's own error codes (`contacts.errors.<code>`) first. */
export function useCrmErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  const base = useErrorText();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const key = `contacts.errors.${error.code}`;
        if (i18n.exists(key)) return t(key as 'contacts.errors.contact_exists');
      }
      return base(error);
    },
    [t, i18n, base],
  );
}

export function useConsentSettings() {
  return useQuery({ queryKey: crmKeys.consentSettings, queryFn: crmApi.consentSettings });
}

export function useSaveConsentSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: crmApi.saveConsentSettings, onSuccess: (s) => qc.setQueryData(crmKeys.consentSettings, s) });
}
