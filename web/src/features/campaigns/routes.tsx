import type { RouteObject } from 'react-router';
import { loadCampaignStrings } from './strings';

/**
 * The campaigns pages of owners and managers (`/app`): the list, the suppression list, the wizard (a new campaign or
 * a saved draft) and a campaign's live page (with charts, its own chunk). Each page loads with its strings.
 */
export function campaignRoutes(): RouteObject[] {
  return [
    {
      path: 'campaigns',
      lazy: async () => {
        const [{ CampaignsPage }] = await Promise.all([import('./components/CampaignsPage'), loadCampaignStrings()]);
        return { element: <CampaignsPage /> };
      },
    },
    {
      path: 'campaigns/suppressions',
      lazy: async () => {
        const [{ SuppressionsPage }] = await Promise.all([import('./components/SuppressionsPage'), loadCampaignStrings()]);
        return { element: <SuppressionsPage /> };
      },
    },
    {
      path: 'campaigns/new',
      lazy: async () => {
        const [{ CampaignWizardPage }] = await Promise.all([import('./components/wizard/CampaignWizard'), loadCampaignStrings()]);
        return { element: <CampaignWizardPage /> };
      },
    },
    {
      path: 'campaigns/:id/edit',
      lazy: async () => {
        const [{ CampaignWizardPage }] = await Promise.all([import('./components/wizard/CampaignWizard'), loadCampaignStrings()]);
        return { element: <CampaignWizardPage /> };
      },
    },
    {
      path: 'campaigns/:id',
      lazy: async () => {
        const [{ CampaignRoute }] = await Promise.all([import('./components/CampaignRoute'), loadCampaignStrings()]);
        return { element: <CampaignRoute /> };
      },
    },
  ];
}
