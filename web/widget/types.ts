//! The shapes the widget's public API answers with (docs/widget.md, the contract with the server).

export type Status = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface PublicMedia {
  id: string;
  mime: string | null;
  filename: string | null;
  size: number | null;
}

export interface PublicMessage {
  id: string;
  clientId: string | null;
  from: 'visitor' | 'agent' | 'bot';
  authorName: string | null;
  type: 'text' | 'image' | 'document' | 'interactive';
  text: string | null;
  media: PublicMedia | null;
  buttons: { id: string; title: string }[] | null;
  status: Status;
  createdAt: string;
}

export type FieldMode = 'off' | 'optional' | 'required';

export interface WidgetConfig {
  widgetId: string;
  name: string;
  color: string;
  position: 'right' | 'left';
  greeting: string | null;
  awayText: string | null;
  online: boolean;
  prechat: { name: FieldMode; email: FieldMode; phone: FieldMode; consent: FieldMode; consentText: string | null };
  whatsapp: null | { number: string; text: string };
  brand: { productName: string; logoUrl: string | null; poweredBy: boolean | string | null };
  languages: string[];
}

export interface Visitor {
  id: string;
  ref: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  identified: boolean;
}

export interface Session {
  visitor: Visitor;
  conversationId: string | null;
  messages: PublicMessage[];
  agentsTyping: boolean;
}

/** What the visitor sends: the same body over the socket and over HTTP. */
export interface Outgoing {
  clientId: string;
  text?: string;
  mediaId?: string;
  reply?: { id: string; title: string };
}
