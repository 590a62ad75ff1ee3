//! Branded mail's queries and mutations (TanStack Query). A saved or reset text updates the cached list at once; the
//! preview is a query keyed by the (debounced) draft, so going back to an earlier draft answers from the cache.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { mailApi, type MailDraft, type MailLocale, type MailSender, type MailTemplateKey, type MailTemplateList } from './mailApi';

export const mailKeys = {
  templates: ['mail', 'templates'] as const,
  preview: (key: string, locale: string, draft: MailDraft) => ['mail', 'preview', key, locale, draft] as const,
  sender: ['mail', 'sender'] as const,
};

export function useMailTemplates() {
  return useQuery({ queryKey: mailKeys.templates, queryFn: mailApi.templates, retry: false });
}

/** `value`, once it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

export function useMailPreview(key: MailTemplateKey, locale: MailLocale, draft: MailDraft, enabled: boolean) {
  return useQuery({
    queryKey: mailKeys.preview(key, locale, draft),
    queryFn: () => mailApi.preview(key, locale, draft),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

function useTemplatesUpdate() {
  const qc = useQueryClient();
  return (key: string, locale: string, own: MailTemplateList['templates'][number]['locales'][number]['override']) =>
    qc.setQueryData<MailTemplateList>(mailKeys.templates, (list) =>
      list
        ? {
            templates: list.templates.map((t) =>
              t.key === key ? { ...t, locales: t.locales.map((l) => (l.locale === locale ? { ...l, override: own } : l)) } : t,
            ),
          }
        : list,
    );
}

export function useSaveMailTemplate(key: MailTemplateKey, locale: MailLocale) {
  const update = useTemplatesUpdate();
  return useMutation({
    mutationFn: (v: { subject: string; body: string }) => mailApi.save(key, locale, v.subject, v.body),
    onSuccess: (own) => update(key, locale, own),
  });
}

export function useResetMailTemplate(key: MailTemplateKey, locale: MailLocale) {
  const update = useTemplatesUpdate();
  return useMutation({ mutationFn: () => mailApi.reset(key, locale), onSuccess: () => update(key, locale, null) });
}

export function useSendMailTest(key: MailTemplateKey, locale: MailLocale) {
  return useMutation({ mutationFn: (draft: MailDraft) => mailApi.test(key, locale, draft) });
}

export function useMailSender() {
  return useQuery({ queryKey: mailKeys.sender, queryFn: mailApi.sender, retry: false });
}

function useSenderMutation<V>(fn: (v: V) => Promise<MailSender>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (s) => qc.setQueryData(mailKeys.sender, s) });
}

export const useSaveMailSender = () => useSenderMutation(mailApi.saveSender);
export const useVerifyMailSender = () => useSenderMutation((_: void) => mailApi.verifySender());
