//! The website chat widget's pages (Settings → Website widget: the widgets, one widget's settings with a live
//! preview, the snippet and the identity secret) and, for the inbox, the Visitor section and the Website badge of
//! widget conversations, loaded only when such a conversation is open.
export { widgetRoutes } from './routes';
export { LazyVisitorSection, LazyWebsiteBadge } from './lazy';
