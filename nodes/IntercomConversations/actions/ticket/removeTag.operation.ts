import { ticketTag } from './addTag.operation';

export const { description, prepare } = ticketTag('removeTag');
