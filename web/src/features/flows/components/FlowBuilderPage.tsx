import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Icon, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { LockedFeature } from '../../billing';
import { FlowEditor } from '../editor/FlowEditor';
import { useFlow } from '../hooks';

/** `/app/flows/:id`: the builder, its own chunk (React Flow loads with it). */
export function FlowBuilderPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const flow = useFlow(id);
  if (flow.isPending) return <PageSpinner label={t('common.loading')} />;
  if (flow.isError) {
    return (
      <div className="space-y-4">
        <Link to="/app/flows" className="inline-flex items-center gap-1.5 text-sm text-slate-500 hover:text-slate-800">
          <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
          {t('flows.editor.back')}
        </Link>
        <LockedFeature feature="chatbotFlows" />
        <Alert tone="danger">{errorText(flow.error)}</Alert>
      </div>
    );
  }
  return <FlowEditor key={flow.data.id} flow={flow.data} />;
}
