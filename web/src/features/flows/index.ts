//! Chatbot flows: the list, the builder (React Flow canvas, settings forms, test phone, versions, runs, analytics)
//! and what the inbox shows of them (the running bot, starting a flow, bot messages). The pages load lazily through
//! `flowRoutes`; what the inbox imports here stays small.
export { flowRoutes } from './routes';
