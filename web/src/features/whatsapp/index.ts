export { ConnectionDetailPage } from './components/ConnectionDetailPage';
export { WhatsappNumbersPage } from './components/WhatsappNumbersPage';
export { useConnections, useTemplates, whatsappKeys } from './hooks/useWhatsapp';
