//! Deals: pipelines and their stages, the kanban board and list, the deal dialog, and the conversation panel.
//! The pages load lazily through `dealRoutes`; what other features import here stays small (no board, no dnd-kit).
export { ContactDealsAndTickets, DealsPanel } from './components/LazyPanels';
export { dealRoutes } from './routes';
