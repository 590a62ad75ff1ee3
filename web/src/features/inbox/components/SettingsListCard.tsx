import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, CardHeader, ConfirmMutationModal, EmptyState, Icon, QueryView, type ConfirmableMutation, type IconName } from '../../../components/ui';

/**
 * One list of the inbox settings (labels, canned replies, teams): a card with a "new" button, the items or an empty
 * state, the create/edit modal (`editor`, remounted per item so its fields start from that item) and the delete
 * confirmation. `children` lays out the items and places `rowActions(item)`, the edit and delete buttons.
 * The buttons' test ids are `new-<entity>`, `edit-<entity>` and `delete-<entity>`.
 */
export function SettingsListCard<T extends { id: string }, E>({
  entity,
  title,
  description,
  newLabel,
  empty,
  query,
  remove,
  deleteTitle,
  deleteBody,
  editor: Editor,
  children,
}: {
  entity: string;
  title: ReactNode;
  description: ReactNode;
  newLabel: ReactNode;
  empty: { icon: IconName; title: ReactNode; description: ReactNode };
  query: UseQueryResult<T[], E>;
  remove: ConfirmableMutation<string>;
  deleteTitle: ReactNode;
  deleteBody: (item: T) => ReactNode;
  editor: ComponentType<{ item: T | null; onClose: () => void }>;
  children: (list: T[], rowActions: (item: T) => ReactNode) => ReactNode;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);

  const add = (
    <Button onClick={() => setEditing('new')} data-testid={`new-${entity}`}>
      <Icon name="plus" className="size-4" />
      {newLabel}
    </Button>
  );

  const rowActions = (item: T) => (
    <>
      <Button size="sm" variant="ghost" onClick={() => setEditing(item)} data-testid={`edit-${entity}`}>
        {t('inboxSettings.edit')}
      </Button>
      <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50" onClick={() => setDeleting(item)} data-testid={`delete-${entity}`}>
        {t('inboxSettings.delete')}
      </Button>
    </>
  );

  return (
    <Card>
      <CardHeader title={title} description={description} actions={add} />
      <QueryView query={query} isEmpty={(l) => l.length === 0} empty={<EmptyState icon={empty.icon} title={empty.title} description={empty.description} />}>
        {(list) => children(list, rowActions)}
      </QueryView>
      {editing && <Editor key={editing === 'new' ? 'new' : editing.id} item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(item) => item.id}
        title={deleteTitle}
        body={deleting ? deleteBody(deleting) : null}
        confirmLabel={t('inboxSettings.delete')}
        danger
      />
    </Card>
  );
}
