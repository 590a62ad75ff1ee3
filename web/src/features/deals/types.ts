//! Shapes of docs/crm.md (Deals, Dashboard) until the OpenAPI schema has them: camelCase, exactly as the contract.
import type { Conversation } from '../../api/types';

export type StageKind = 'open' | 'won' | 'lost';
export type Priority = 'low' | 'medium' | 'high' | 'urgent';
export type DealStatus = 'open' | 'won' | 'lost';

export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];
export const STAGE_KINDS: readonly StageKind[] = ['open', 'won', 'lost'];
export const DEAL_STATUSES: readonly DealStatus[] = ['open', 'won', 'lost'];

export interface Stage {
  id: string;
  name: string;
  color: string;
  position: number;
  /** 0-100 */
  probability: number;
  kind: StageKind;
}

export interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  position: number;
  stages: Stage[];
}

export interface Deal {
  id: string;
  pipelineId: string;
  stageId: string;
  title: string;
  value: number;
  currency: string;
  priority: Priority;
  /** `YYYY-MM-DD` */
  expectedCloseDate: string | null;
  overdue: boolean;
  status: DealStatus;
  ownerId: string | null;
  ownerName: string | null;
  contactId: string;
  contactName: string | null;
  contactPhone: string | null;
  conversationId: string | null;
  notes: string | null;
  position: number;
  closedAt: string | null;
  closedById: string | null;
  closedByName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface BoardColumn {
  stage: Stage;
  count: number;
  value: number;
  /** value × the stage's probability */
  weighted: number;
  deals: Deal[];
}

export interface Board {
  pipeline: Pipeline;
  columns: BoardColumn[];
}

/** One page of a cursor-paged list. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

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

export interface CreateDealInput {
  title: string;
  contactId: string;
  pipelineId?: string;
  stageId?: string;
  value?: number;
  currency?: string;
  priority?: Priority;
  expectedCloseDate?: string | null;
  ownerId?: string | null;
  conversationId?: string | null;
  notes?: string | null;
}

/** The contract does not list PATCH /deals/{id}'s fields: the ones of POST, each optional. */
export type UpdateDealInput = Partial<CreateDealInput>;

export interface MoveDealInput {
  stageId: string;
  beforeId?: string;
}

export interface StageInput {
  id?: string;
  name: string;
  color?: string;
  probability?: number;
  kind?: StageKind;
}

export interface CreatePipelineInput {
  name: string;
  stages?: StageInput[];
}

export interface UpdatePipelineInput {
  name?: string;
  isDefault?: boolean;
  stages?: StageInput[];
}

/** What a contact picker needs of a Contact (`GET /contacts?q=`). */
export interface ContactOption {
  id: string;
  name: string | null;
  phone: string | null;
  profileName?: string | null;
}

export interface CrmDashboard {
  contacts: number;
  newContacts7d: number;
  openConversations: number;
  unread: number;
  openTickets: number;
  myOpenTickets: number;
  openDeals: { count: number; value: number };
  dealsByStage: Array<{ stageId: string; name: string; color: string; count: number; value: number }>;
  attention: Conversation[];
}
