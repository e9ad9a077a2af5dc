import { ticketLink } from './linkConversation.operation';

export const { description, prepare } = ticketLink('unlinkConversation');
