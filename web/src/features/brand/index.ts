//! Brands (docs/agencies.md, "Brand"): the theme every page takes from `GET /brand` (`BrandTheme`, `useBrand`) and
//! the owner's Brand page (Settings → Brand), which loads on demand through `brandRoutes`.
export { brandRoutes } from './routes';
export { BrandTheme, useBrand, type Brand } from './theme';
