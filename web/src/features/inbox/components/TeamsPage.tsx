import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../api/types';
import { Avatar, Button, Card, CardHeader, ConfirmMutationModal, EmptyState, FormModal, Icon, QueryView, Spinner, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useAgents, useTeamActions, useTeams } from '../hooks/useInbox';

function TeamModal({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const agents = useAgents();
  const { create, update } = useTeamActions();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [members, setMembers] = useState<string[]>(team?.memberIds ?? []);
  const [errors, setErrors] = useState(NO_ERRORS);
  const mutation = team ? update : create;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ fields: { name: t('inboxSettings.required') }, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    const body = { name: name.trim(), description: description.trim() || null, memberIds: members };
    const onError = (err: unknown) => setErrors(mapFormError(err, ['name', 'description'], { describe: errorText, codeFields: { team_exists: 'name' } }));
    if (team) update.mutate({ id: team.id, body }, { onSuccess: close, onError });
    else create.mutate(body, { onSuccess: close, onError });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={team ? t('inboxSettings.teams.edit') : t('inboxSettings.teams.new')}
      formId="team-form"
      onSubmit={submit}
      submitLabel={team ? t('common.save') : t('inboxSettings.teams.create')}
      submitting={mutation.isPending}
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
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const nameOf = (id: string) => agents.data?.find((a) => a.userId === id)?.name ?? '?';

  const add = (
    <Button onClick={() => setEditing('new')} data-testid="new-team">
      <Icon name="plus" className="size-4" />
      {t('inboxSettings.teams.new')}
    </Button>
  );

  return (
    <Card>
      <CardHeader title={t('inboxSettings.teams.title')} description={t('inboxSettings.teams.subtitle')} actions={add} />
      <QueryView
        query={teams}
        isEmpty={(l) => l.length === 0}
        empty={<EmptyState icon="users" title={t('inboxSettings.teams.empty')} description={t('inboxSettings.teams.emptyBody')} />}
      >
        {(list) => (
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
                <div className="flex shrink-0 gap-1">
                  <Button size="sm" variant="ghost" onClick={() => setEditing(team)} data-testid="edit-team">
                    {t('inboxSettings.edit')}
                  </Button>
                  <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50" onClick={() => setDeleting(team)} data-testid="delete-team">
                    {t('inboxSettings.delete')}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {editing && <TeamModal key={editing === 'new' ? 'new' : editing.id} team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(team) => team.id}
        title={t('inboxSettings.teams.deleteTitle')}
        body={t('inboxSettings.teams.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('inboxSettings.delete')}
        danger
      />
    </Card>
  );
}
