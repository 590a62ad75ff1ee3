//! The workspace's language (owners change it): invitations to people without an account are written in it, and new
//! members start in it. Each person still picks their own in their profile.
import { useTranslation } from 'react-i18next';
import { Card, CardBody, CardHeader, SelectField } from '../../../components/ui';
import { isLanguage, LANGUAGES } from '../../../i18n';
import { useErrorText } from '../../../i18n/useErrorText';
import { useSession } from '../../auth';
import { useSetWorkspaceLanguage, useWorkspaceLanguage } from '../hooks/useTeam';

export function WorkspaceLanguageCard() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const current = useWorkspaceLanguage();
  const save = useSetWorkspaceLanguage();
  const owner = session.role === 'owner';
  return (
    <Card>
      <CardHeader title={t('team.language.title')} description={t('team.language.hint')} />
      <CardBody>
        <SelectField
          id="workspace-language"
          label={t('common.language')}
          className="max-w-xs"
          value={current.data?.language ?? ''}
          disabled={!owner || current.isPending || save.isPending}
          hint={owner ? (save.isSuccess ? t('team.language.saved') : undefined) : t('team.language.ownerOnly')}
          error={save.error ? errorText(save.error) : undefined}
          onChange={(e) => {
            if (isLanguage(e.target.value)) save.mutate(e.target.value);
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.label}
            </option>
          ))}
        </SelectField>
      </CardBody>
    </Card>
  );
}
