//! Custom domains' calls (docs/agencies.md, "Custom domains"): the list with the records to create, add, check now,
//! remove; through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';

export type CustomDomain = components['schemas']['CustomDomain'];
export type DomainList = components['schemas']['DomainList'];
export type RecordToCreate = components['schemas']['RecordToCreate'];

const path = (id: string) => ({ params: { path: { id } } });

export const domainsApi = {
  list: () => unwrap(api.GET('/api/v1/settings/domains')),
  add: (domain: string) => unwrap(api.POST('/api/v1/settings/domains', { body: { domain } })),
  check: (id: string) => unwrap(api.POST('/api/v1/settings/domains/{id}/check', path(id))),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/settings/domains/{id}', path(id))),
};
