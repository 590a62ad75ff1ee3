//! The brand settings' calls (owners and managers).
import { api, fileForm, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export type BrandSettings = components['schemas']['BrandSettings'];
export type BrandInput = components['schemas']['BrandInput'];
export type AssetKind = 'logo_light' | 'logo_dark' | 'favicon' | 'login_image';

export const ASSET_KINDS: AssetKind[] = ['logo_light', 'logo_dark', 'favicon', 'login_image'];

export const brandApi = {
  settings: () => unwrap(api.GET('/api/v1/settings/brand')),
  save: (body: BrandInput) => unwrap(api.PUT('/api/v1/settings/brand', { body })),
  upload: (kind: AssetKind, file: File) =>
    unwrap(api.PUT('/api/v1/settings/brand/assets/{kind}', { params: { path: { kind } }, body: fileForm(file) })),
  remove: (kind: AssetKind) => unwrap(api.DELETE('/api/v1/settings/brand/assets/{kind}', { params: { path: { kind } } })),
};
