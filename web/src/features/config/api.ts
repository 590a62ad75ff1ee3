import { api, unwrap } from '../../api/client';

export const configApi = {
  get: () => unwrap(api.GET('/api/v1/config')),
};
