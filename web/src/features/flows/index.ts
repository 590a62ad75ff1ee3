//! Chatbot flows: the list, the builder (React Flow canvas, settings forms, test phone, versions, runs, analytics)
//! and what the inbox shows of them (the running bot, starting a flow). The pages load lazily through `flowRoutes`,
//! the inbox's parts through `LazyInbox`; what other features import here stays small.
export { ConversationBotBar, StartFlowAction } from './components/LazyInbox';
export { flowRoutes } from './routes';
