import type { RouteObject } from 'react-router';
import { AgentsPage } from './components/AgentsPage';
import { CannedResponsesPage } from './components/CannedResponsesPage';
import { GeneralSettingsPage } from './components/GeneralSettingsPage';
import { InboxSettingsLayout } from './components/InboxSettingsLayout';
import { LabelsPage } from './components/LabelsPage';
import { TeamsPage } from './components/TeamsPage';

/** The inbox settings under `basePath` (managers and owners only: the user area). */
export function inboxSettingsRoutes(basePath: string): RouteObject {
  return {
    path: basePath.split('/').pop(),
    element: <InboxSettingsLayout basePath={basePath} />,
    children: [
      { index: true, element: <GeneralSettingsPage /> },
      { path: 'agents', element: <AgentsPage /> },
      { path: 'labels', element: <LabelsPage /> },
      { path: 'canned-responses', element: <CannedResponsesPage /> },
      { path: 'teams', element: <TeamsPage /> },
    ],
  };
}
