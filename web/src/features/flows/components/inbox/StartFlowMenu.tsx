import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, MenuHeading, MenuItem, Popover, Spinner } from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { flowsApi } from '../../api';
import { flowKeys, useFlows } from '../../hooks';

/**
 * "Start flow" in a conversation's toolbar: the published flows with a manual trigger, started for the
 * conversation's contact in this conversation. Nothing when there are none.
 */
export function StartFlowMenu({ conversationId, contactId }: { conversationId: string; contactId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const flows = useFlows();
  const start = useMutation({
    mutationFn: flowsApi.startRun,
    onSuccess: () => {
      setOpen(false);
      // The run's first step happens right after the answer.
      window.setTimeout(() => void qc.invalidateQueries({ queryKey: flowKeys.bot(conversationId) }), 800);
      return qc.invalidateQueries({ queryKey: flowKeys.bot(conversationId) });
    },
  });
  const manual = (flows.data ?? []).filter((f) => f.status === 'published' && f.trigger.kind === 'manual');
  if (manual.length === 0) return null;
  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) start.reset();
      }}
      label={t('bot.startTitle')}
      panelClassName="w-72 max-h-[60vh] overflow-y-auto"
      testId="start-flow-menu"
      trigger={
        <Button variant="outline" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="start-flow">
          <Icon name="bot" className="size-4" />
          <span className="hidden sm:inline">{t('bot.start')}</span>
        </Button>
      }
    >
      <MenuHeading>{t('bot.startTitle')}</MenuHeading>
      {manual.map((f) => (
        <MenuItem
          key={f.id}
          onClick={() => start.mutate({ id: f.id, body: { contactId, conversationId } })}
          disabled={start.isPending}
          data-testid="start-flow-option"
          data-flow-id={f.id}
        >
          <Icon name="bot" className="size-4 text-secondary-600" />
          <span className="min-w-0 flex-1 truncate" dir="auto">
            {f.name}
          </span>
          {start.isPending && start.variables?.id === f.id && <Spinner className="size-4" />}
        </MenuItem>
      ))}
      {start.isError && <p className="px-3 py-2 text-xs text-danger-700">{errorText(start.error)}</p>}
    </Popover>
  );
}
