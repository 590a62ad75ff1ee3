//! Bulk campaigns: the list, the wizard (draft saved at each step, pre-send checks, cost, test send, launch or
//! schedule), the live page (counters, funnel, costs, failures, recipients, export) and the suppression list. The
//! pages load lazily through `campaignRoutes`; the inbox shows a conversation's campaign with `CampaignTag`.
export { CampaignTag } from './components/CampaignTag';
export { campaignRoutes } from './routes';
