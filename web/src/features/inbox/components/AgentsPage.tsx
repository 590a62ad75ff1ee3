import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../../../api/types';
import { Avatar, Badge, Button, Card, CardHeader, EmptyState, Input, QueryView, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { useAgents, useInboxSettings, useSetCapacity } from '../hooks/useInbox';
import { PRESENCE_DOT, isAvailable, presenceTone } from '../presence';

function CapacityEditor({ agent, fallback }: { agent: Agent; fallback: number | undefined }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSetCapacity();
  const [value, setValue] = useState(agent.capacity == null ? '' : String(agent.capacity));
  const parsed = value.trim() === '' ? null : Number(value);
  const valid = parsed === null || (Number.isInteger(parsed) && parsed >= 0 && parsed <= 1000);
  const changed = parsed !== (agent.capacity ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || !changed) return;
    save.mutate({ userId: agent.userId, capacity: parsed });
  };

  return (
    <form onSubmit={submit} className="flex items-center gap-2" data-testid="agent-capacity">
      <Input
        type="number"
        min={0}
        max={1000}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={fallback !== undefined ? t('inboxSettings.agents.default', { count: fallback }) : ''}
        aria-label={t('inboxSettings.agents.capacityOf', { name: agent.name })}
        invalid={!valid}
        controlSize="sm"
        className="w-28"
        data-testid="agent-capacity-input"
      />
      <Button type="submit" size="sm" variant="outline" disabled={!valid || !changed} loading={save.isPending} data-testid="agent-capacity-save">
        {t('inboxSettings.agents.save')}
      </Button>
      {save.isError && <span className="text-xs text-danger-700">{errorText(save.error)}</span>}
    </form>
  );
}

/** Who is online now, their chosen status, how many open conversations they hold, and their capacity. */
export function AgentsPage() {
  const { t, i18n } = useTranslation();
  const agents = useAgents();
  const settings = useInboxSettings();
  const now = useNow(60_000);
  const online = (agents.data ?? []).filter(isAvailable).length;

  return (
    <Card>
      <CardHeader title={t('inboxSettings.agents.title')} description={t('inboxSettings.agents.subtitle', { count: online })} />
      <QueryView query={agents} isEmpty={(a) => a.length === 0} empty={<EmptyState icon="users" title={t('inboxSettings.agents.empty')} />}>
        {(list) => (
          <Table data-testid="agents-table">
            <TableHeader
              columns={[t('inboxSettings.agents.agent'), t('common.status'), t('inboxSettings.agents.open'), t('inboxSettings.agents.capacity')]}
            />
            <TBody>
              {list.map((a) => {
                const tone = presenceTone(a);
                return (
                  <TR key={a.userId} data-testid="agent-row" data-user-id={a.userId} data-online={a.online} data-status={a.status}>
                    <TD>
                      <div className="flex items-center gap-3">
                        <span className="relative">
                          <Avatar name={a.name} className="size-9" />
                          <span className={cn('absolute -end-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-white', PRESENCE_DOT[tone])} />
                        </span>
                        <div className="min-w-0">
                          <p className="truncate font-medium text-slate-900">{a.name}</p>
                          <p className="truncate text-xs text-slate-500" dir="ltr">
                            {a.email}
                          </p>
                        </div>
                      </div>
                    </TD>
                    <TD>
                      <div className="flex flex-col items-start gap-1">
                        <Badge tone={tone === 'online' ? 'success' : tone === 'busy' ? 'danger' : tone === 'away' ? 'accent' : 'neutral'} dot>
                          <span data-testid="agent-status">{t(`agentStatus.${tone}`)}</span>
                        </Badge>
                        {!a.online && a.lastSeenAt && (
                          <span className="text-xs text-slate-400">{t('inboxSettings.agents.lastSeen', { time: formatRelative(a.lastSeenAt, now, i18n.language) })}</span>
                        )}
                      </div>
                    </TD>
                    <TD className="tabular-nums" data-testid="agent-open">
                      {a.openConversations}
                    </TD>
                    <TD>
                      <CapacityEditor agent={a} fallback={settings.data?.defaultCapacity} />
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </QueryView>
    </Card>
  );
}
