//! The demo DNS page's route: the page and its strings load on demand.
import type { RouteObject } from 'react-router';
import { loadDomainsStrings } from '../brand/domainsStrings';

export function devDnsRoute(): RouteObject {
  return {
    path: '/dev/dns',
    lazy: async () => {
      const [{ DevDnsPage }] = await Promise.all([import('./components/DevDnsPage'), loadDomainsStrings()]);
      return { element: <DevDnsPage /> };
    },
  };
}
