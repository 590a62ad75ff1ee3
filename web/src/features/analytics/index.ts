//! Analytics: conversations (overview with series and busiest hours), agents, campaigns, flows, contacts and deals
//! over a range with filters, exports as CSV or JSON, and the weekly report by mail. The page and its charts load
//! lazily through `analyticsRoutes`.
export { analyticsRoutes } from './routes';
