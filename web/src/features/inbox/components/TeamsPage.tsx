import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../api/types';
import { Avatar, FormModal, Spinner, TextField } from '../../../components/ui';
import { useAgents, useTeamActions, useTeams } from '../hooks/useInbox';
import { useItemForm } from '../hooks/useItemForm';
import { SettingsListCard } from './SettingsListCard';

function TeamModal({ item: team, onClose }: { item: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const agents = useAgents();
  const { errors, submitting, close, save } = useItemForm({
    item: team,
    actions: useTeamActions(),
    onClose,
    fields: ['name', 'description'],
    codeFields: { team_exists: 'name' },
  });
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [members, setMembers] = useState<string[]>(team?.memberIds ?? []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('inboxSettings.required');
    save(fields, { name: name.trim(), description: description.trim() || null, memberIds: members });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={team ? t('inboxSettings.teams.edit') : t('inboxSettings.teams.new')}
      formId="team-form"
      onSubmit={submit}
      submitLabel={team ? t('common.save') : t('inboxSettings.teams.create')}
      submitting={submitting}
      submitTestId="team-submit"
      testId="team-modal"
      error={errors.message}
    >
      <TextField label={t('fields.name')} id="team-name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} dir="auto" required />
      <TextField
        label={t('inboxSettings.teams.description')}
        id="team-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.fields.description}
        dir="auto"
      />
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-slate-700">{t('inboxSettings.teams.members')}</legend>
        {agents.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : (
          <div className="max-h-64 divide-y divide-slate-100 overflow-y-auto rounded-xl border border-slate-200">
            {(agents.data ?? []).map((a) => (
              <label key={a.userId} className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="size-4 accent-primary-600"
                  checked={members.includes(a.userId)}
                  onChange={(e) => setMembers((old) => (e.target.checked ? [...old, a.userId] : old.filter((id) => id !== a.userId)))}
                  data-testid="team-member-option"
                  data-user-id={a.userId}
                />
                <Avatar name={a.name} className="size-7 text-[10px]" />
                <span className="min-w-0 flex-1 truncate">{a.name}</span>
                <span className="text-xs text-slate-400">{t(`roles.${a.role}`)}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </FormModal>
  );
}

export function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const agents = useAgents();
  const { remove } = useTeamActions();
  const nameOf = (id: string) => agents.data?.find((a) => a.userId === id)?.name ?? '?';

  return (
    <SettingsListCard
      entity="team"
      title={t('inboxSettings.teams.title')}
      description={t('inboxSettings.teams.subtitle')}
      newLabel={t('inboxSettings.teams.new')}
      empty={{ icon: 'users', title: t('inboxSettings.teams.empty'), description: t('inboxSettings.teams.emptyBody') }}
      query={teams}
      remove={remove}
      deleteTitle={t('inboxSettings.teams.deleteTitle')}
      deleteBody={(team) => t('inboxSettings.teams.deleteBody', { name: team.name })}
      editor={TeamModal}
    >
      {(list, rowActions) => (
        <ul className="divide-y divide-slate-100" data-testid="teams-list">
          {list.map((team) => (
            <li key={team.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center" data-testid="team-row" data-team-id={team.id}>
              <div className="min-w-0 flex-1">
                <p className="font-medium text-slate-900" dir="auto">
                  {team.name}
                </p>
                {team.description && (
                  <p className="text-sm text-slate-500" dir="auto">
                    {team.description}
                  </p>
                )}
                <div className="mt-2 flex flex-wrap items-center gap-1">
                  {team.memberIds.length === 0 ? (
                    <span className="text-xs text-slate-400">{t('inboxSettings.teams.noMembers')}</span>
                  ) : (
                    team.memberIds.map((id) => (
                      <span key={id} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 ps-0.5 pe-2 text-xs text-slate-700" data-testid="team-member">
                        <Avatar name={nameOf(id)} className="size-5 text-[9px]" />
                        {nameOf(id)}
                      </span>
                    ))
                  )}
                </div>
              </div>
              <div className="flex shrink-0 gap-1">{rowActions(team)}</div>
            </li>
          ))}
        </ul>
      )}
    </SettingsListCard>
  );
}
