import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { Alert, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useCampaign } from '../hooks';

// The live page draws charts (Recharts): its own chunk, not loaded for a draft, which opens in the wizard.
const CampaignLivePage = lazy(() => import('./live/CampaignPage').then((m) => ({ default: m.CampaignLivePage })));

/** `/app/campaigns/:id`: a draft opens the wizard; any other campaign its live page. */
export function CampaignRoute() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const campaign = useCampaign(id, true);
  if (campaign.isError) return <Alert tone="danger">{errorText(campaign.error)}</Alert>;
  if (!campaign.data) return <PageSpinner label={t('common.loading')} />;
  if (campaign.data.status === 'draft') return <Navigate to={`/app/campaigns/${id}/edit`} replace />;
  return (
    <Suspense fallback={<PageSpinner label={t('common.loading')} />}>
      <CampaignLivePage campaign={campaign.data} />
    </Suspense>
  );
}
