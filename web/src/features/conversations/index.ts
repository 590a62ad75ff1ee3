export { conversationRoutes } from './routes';
