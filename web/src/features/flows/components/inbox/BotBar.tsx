import { useTranslation } from 'react-i18next';
import { Button, Icon } from '../../../../components/ui';
import { useErrorText } from '../../../../i18n/useErrorText';
import { useStopRun } from '../../hooks';
import type { BotRun } from '../../types';

/** "Bot running: <flow> — Stop", above the composer while a flow talks in the conversation. */
export function BotBar({ run }: { run: BotRun }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const stop = useStopRun();
  return (
    <div className="flex flex-wrap items-center gap-2 border-t border-secondary-100 bg-secondary-50 px-4 py-2 text-sm text-secondary-900" data-testid="bot-bar" data-run-id={run.runId}>
      <Icon name="bot" className="size-4 shrink-0" />
      <span className="min-w-0 flex-1 truncate">
        {t('bot.running', { flow: run.flowName })}
        {run.status === 'waiting' && <span className="text-secondary-700"> · {t('bot.waiting')}</span>}
      </span>
      {stop.isError && <span className="text-xs text-danger-700">{errorText(stop.error)}</span>}
      <Button size="sm" variant="outline" loading={stop.isPending} onClick={() => stop.mutate(run.runId)} data-testid="bot-stop">
        {t('bot.stop')}
      </Button>
    </div>
  );
}
