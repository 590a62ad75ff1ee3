//! Automations (rules of trigger → conditions → actions): the rules in run order with their switch, drag-and-drop and
//! keyboard reordering, the editor for every trigger, condition and action the API supports, and each rule's run
//! log. The pages load lazily through `automationRoutes`.
export { automationRoutes } from './routes';
