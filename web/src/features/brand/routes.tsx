//! The Brand page's route (`/app/brand`), loaded on demand with its strings.
import type { RouteObject } from 'react-router';
import { loadBrandStrings } from './strings';

export function brandRoutes(): RouteObject[] {
  return [
    {
      path: 'brand',
      lazy: async () => {
        const [{ BrandPage }] = await Promise.all([import('./components/BrandPage'), loadBrandStrings()]);
        return { element: <BrandPage /> };
      },
    },
  ];
}
