//! The platform admin's Backups page (`/admin/backups`): the page and its strings load on demand, off the first page.
import type { RouteObject } from 'react-router';
import { loadOperationsStrings } from './backupsStrings';

export function adminBackupsRoute(): RouteObject {
  return {
    path: 'backups',
    lazy: async () => {
      const [{ BackupsPage }] = await Promise.all([import('./components/BackupsPage'), loadOperationsStrings()]);
      return { element: <BackupsPage /> };
    },
  };
}
