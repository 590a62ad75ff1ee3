//! Tickets: the list (with "Mine"), one ticket with its comments, the "New ticket" dialog and the conversation panel.
//! The pages load lazily through `ticketRoutes`.
export { TicketsPanel } from './components/LazyPanels';
export { ticketRoutes } from './routes';
