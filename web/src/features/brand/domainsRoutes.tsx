//! Settings → Domains' route (`<area>/domains`): the page and its strings load on demand, off the first page.
import type { RouteObject } from 'react-router';
import { loadDomainsStrings } from './domainsStrings';

export function domainsRoute(): RouteObject {
  return {
    path: 'domains',
    lazy: async () => {
      const [{ DomainsPage }] = await Promise.all([import('./components/DomainsPage'), loadDomainsStrings()]);
      return { element: <DomainsPage /> };
    },
  };
}
