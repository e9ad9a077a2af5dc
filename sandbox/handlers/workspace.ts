import { ApiError, invalid } from '../errors';
import { bodyObject, ok, optionalId, type Handler } from './context';

export const getMe: Handler = ({ state }) => {
	const { avatar, away_status_reason_id: _reason, ...admin } = state.me;
	return ok({
		...admin,
		email_verified: true,
		avatar: { type: 'avatar', image_url: avatar },
		app: state.app,
	});
};

export const listAdmins: Handler = ({ state }) => ok({ type: 'admin.list', admins: [...state.admins.values()] });

export const listTeams: Handler = ({ state }) => ok({ type: 'team.list', teams: [...state.teams.values()] });

export const listTags: Handler = ({ state }) => ok({ type: 'list', data: [...state.tags.values()] });

/** Create a tag by name, return the existing one with that name, or rename the tag given by `id`. */
export const createTag: Handler = ({ state, body }) => {
	const input = bodyObject(body);
	const name = input.name;
	if (typeof name !== 'string' || name.trim() === '') throw invalid('invalid tag parameters: name is required', 'name');
	const id = optionalId(input, 'id');
	if (id !== undefined) {
		const tag = state.tags.get(id);
		if (!tag) throw new ApiError(404, 'tag_not_found', 'Tag not found');
		tag.name = name;
		return ok({ ...tag });
	}
	return ok({ ...(state.findTagByName(name) ?? state.addTag(name)) });
};
