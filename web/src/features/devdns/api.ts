//! The demo DNS server's records (`/api/v1/dev/dns/records`, demo mode only): read all, replace all.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export type DevDnsRecord = components['schemas']['DevDnsRecord'];
export type DevDnsType = DevDnsRecord['type'];

export const devDnsApi = {
  list: () => unwrap(api.GET('/api/v1/dev/dns/records')),
  replace: (records: DevDnsRecord[]) => unwrap(api.PUT('/api/v1/dev/dns/records', { body: { records } })),
};
