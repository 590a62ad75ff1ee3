//! Sales shapes (docs/crm.md "Deals", "Dashboard"): server data and request bodies are the generated OpenAPI types
//! (re-exported from api/types.ts). What stays here is UI-only: the closed lists the screens offer (the schema types
//! kinds, priorities and statuses as plain strings), the list filters and what a contact picker needs.
import type { Contact } from '../../api/types';

export type {
  Amount,
  Board,
  BoardColumn,
  CreateDealInput,
  CreatePipelineInput,
  Deal,
  MoveDealInput,
  Pipeline,
  Stage,
  StageInput,
  UpdateDealInput,
  UpdatePipelineInput,
} from '../../api/types';

export type StageKind = 'open' | 'won' | 'lost';
export type Priority = 'low' | 'medium' | 'high' | 'urgent';
export type DealStatus = 'open' | 'won' | 'lost';

export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];
export const STAGE_KINDS: readonly StageKind[] = ['open', 'won', 'lost'];
export const DEAL_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];

export const isPriority = (v: unknown): v is Priority => PRIORITIES.some((p) => p === v);
export const isStageKind = (v: unknown): v is StageKind => STAGE_KINDS.some((k) => k === v);
export const isDealStatus = (v: unknown): v is DealStatus => DEAL_STATUSES.some((k) => k === v);

export interface DealFilters {
  pipelineId?: string;
  stageId?: string;
  status?: DealStatus;
  ownerId?: string;
  contactId?: string;
  conversationId?: string;
  priority?: Priority;
  overdue?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** What a contact picker needs of a Contact (`GET /contacts?q=`). */
export type ContactOption = Pick<Contact, 'id' | 'name' | 'phone' | 'profileName'>;
