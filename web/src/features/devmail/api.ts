import { api, unwrap } from '../../api/client';

export const devMailApi = {
  list: () => unwrap(api.GET('/api/v1/dev/mailbox')),
};
