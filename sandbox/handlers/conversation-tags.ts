import { ApiError } from '../errors';
import { bodyObject, findAdmin, findConversation, ok, requiredId, type Handler } from './context';

const tagNotFound = (): ApiError => new ApiError(404, 'tag_not_found', 'Tag not found');

/** POST /conversations/{id}/tags {id, admin_id} → the applied tag (attaching twice keeps the first application). */
export const attachTag: Handler = ({ state, params, body, now }) => {
	const conversation = findConversation(state, params.id, 'Conversation not found');
	const input = bodyObject(body);
	const tagId = requiredId(input, 'id');
	const admin = findAdmin(state, requiredId(input, 'admin_id'));
	const tag = state.tags.get(tagId);
	if (!tag) throw tagNotFound();
	const applied = state.applyTag(conversation, tag, admin.id, now);
	conversation.updated_at = Math.max(conversation.updated_at, now);
	return ok({ ...applied, applied_by: { ...applied.applied_by } });
};

/** DELETE /conversations/{id}/tags/{tag_id} with body {admin_id} → the removed tag. */
export const detachTag: Handler = ({ state, params, body, now }) => {
	const conversation = findConversation(state, params.id, 'Conversation not found');
	const admin = findAdmin(state, requiredId(bodyObject(body), 'admin_id'));
	const index = conversation.tags.tags.findIndex((t) => t.id === params.tag_id);
	if (index === -1) throw tagNotFound();
	const [removed] = conversation.tags.tags.splice(index, 1);
	conversation.updated_at = Math.max(conversation.updated_at, now);
	return ok({ ...removed, applied_by: { type: 'admin', id: admin.id } });
};
