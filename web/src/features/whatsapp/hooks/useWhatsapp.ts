import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Connection, Template } from '../../../api/types';
import { whatsappApi } from '../api';
import { awaitsScan } from '../status';

export const whatsappKeys = {
  all: ['whatsapp'] as const,
  list: ['whatsapp', 'connections'] as const,
  detail: (id: string) => ['whatsapp', 'connection', id] as const,
  qr: (id: string) => ['whatsapp', 'qr', id] as const,
  templates: (id: string) => ['whatsapp', 'templates', id] as const,
  events: (id: string) => ['whatsapp', 'events', id] as const,
};

const QR_POLL_MS = 3000;

/** The list with `tpl` in it: the server keeps one template per name and language, so a re-created one replaces the old. */
function withTemplate(list: Template[], tpl: Template): Template[] {
  const others = list.filter((o) => o.id !== tpl.id && !(o.name === tpl.name && o.language === tpl.language));
  return [...others, tpl].sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
}

export function useConnections() {
  return useQuery({ queryKey: whatsappKeys.list, queryFn: whatsappApi.list });
}

export function useConnection(id: string) {
  return useQuery({ queryKey: whatsappKeys.detail(id), queryFn: () => whatsappApi.get(id) });
}

/** Approved or not, every template of the number; `enabled` false waits (e.g. until the number is known). */
export function useTemplates(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: whatsappKeys.templates(id ?? ''),
    queryFn: () => whatsappApi.templates(id ?? ''),
    enabled: enabled && Boolean(id),
  });
}

export function useWebhookEvents(id: string) {
  return useQuery({ queryKey: whatsappKeys.events(id), queryFn: () => whatsappApi.events(id), refetchInterval: 5000 });
}

/**
 * While a QR session waits to be scanned, asks the provider for its status (and a fresh code) every 3 s; stops once
 * it is connected. Each answer also replaces the number in the cache, so the whole page follows.
 */
export function useQrStatus(connection: Connection) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: whatsappKeys.qr(connection.id),
    queryFn: async () => {
      const fresh = await whatsappApi.refreshQr(connection.id);
      qc.setQueryData(whatsappKeys.detail(connection.id), fresh);
      return fresh;
    },
    enabled: awaitsScan(connection),
    refetchInterval: (query) => (awaitsScan(query.state.data ?? connection) ? QR_POLL_MS : false),
    retry: false,
  });
}

export function useConnectionActions() {
  const qc = useQueryClient();
  const store = (c: Connection) => {
    qc.setQueryData(whatsappKeys.detail(c.id), c);
    return qc.invalidateQueries({ queryKey: whatsappKeys.list });
  };
  return {
    create: useMutation({ mutationFn: whatsappApi.create, onSuccess: store }),
    update: useMutation({ mutationFn: whatsappApi.update, onSuccess: store }),
    remove: useMutation({
      mutationFn: whatsappApi.remove,
      onSuccess: (_data, id) => {
        qc.setQueryData(whatsappKeys.list, (old: Connection[] | undefined) => old?.filter((c) => c.id !== id));
        return qc.invalidateQueries({ queryKey: whatsappKeys.list });
      },
    }),
    test: useMutation({ mutationFn: whatsappApi.test, onSuccess: (result) => store(result.connection) }),
    // In the list at once; the refetch then brings the server's copy, whose status a review webhook may have changed.
    createTemplate: useMutation({
      mutationFn: whatsappApi.createTemplate,
      onSuccess: (tpl, { id }) => {
        qc.setQueryData(whatsappKeys.templates(id), (old: Template[] | undefined) => old && withTemplate(old, tpl));
        return qc.invalidateQueries({ queryKey: whatsappKeys.templates(id) });
      },
    }),
    syncTemplates: useMutation({
      mutationFn: whatsappApi.syncTemplates,
      onSuccess: (templates, id) => qc.setQueryData(whatsappKeys.templates(id), templates),
    }),
  };
}
