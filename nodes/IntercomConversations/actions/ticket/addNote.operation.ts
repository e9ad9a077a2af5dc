import { ticketReply } from './reply.operation';

export const { description, prepare } = ticketReply('addNote');
