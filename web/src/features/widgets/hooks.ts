//! TanStack Query hooks over `widgetsApi`; mutations refresh the list and the widget they change.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { widgetsApi } from './api';

export const widgetKeys = {
  all: ['widgets'] as const,
  list: ['widgets', 'list'] as const,
  one: (id: string) => ['widgets', 'one', id] as const,
  visitor: (conversationId: string) => ['widgets', 'visitor', conversationId] as const,
};

export function useWidgets() {
  return useQuery({ queryKey: widgetKeys.list, queryFn: widgetsApi.list });
}

export function useWidget(id: string) {
  return useQuery({ queryKey: widgetKeys.one(id), queryFn: () => widgetsApi.get(id) });
}

/** The visitor behind a widget conversation; pages visited grow while they browse, so it refreshes. */
export function useVisitor(conversationId: string) {
  return useQuery({ queryKey: widgetKeys.visitor(conversationId), queryFn: () => widgetsApi.visitor(conversationId), refetchInterval: 30_000 });
}

export function useWidgetActions() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: widgetKeys.all });
  return {
    create: useMutation({ mutationFn: widgetsApi.create, onSuccess: refresh }),
    update: useMutation({ mutationFn: widgetsApi.update, onSuccess: refresh }),
    remove: useMutation({ mutationFn: widgetsApi.remove, onSuccess: refresh }),
    rotate: useMutation({ mutationFn: widgetsApi.rotateSecret }),
  };
}
