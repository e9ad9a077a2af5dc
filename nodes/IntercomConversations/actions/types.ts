import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { WorkspaceDirectory } from '../helpers/workspaceDirectory';
import type { IntercomClient } from '../transport';

/** Sends one item's request(s) and returns what the item outputs. */
export type Send = (client: IntercomClient) => Promise<IDataObject | IDataObject[]>;

export interface PrepareContext {
	/** The workspace's admins and teams, for checks that need them (read once per execution). */
	directory: WorkspaceDirectory;
	/** The credential's API version (`2.16`, `Preview`, …), for operations that depend on it. */
	apiVersion: string;
}

/**
 * An operation: its parameters, and `prepare`, which reads and validates one item's parameters
 * (refusing bad input with an error naming the item and the field) and returns the request to
 * send. The router prepares every item before it sends anything.
 */
export interface Operation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number, context: PrepareContext): Promise<Send>;
}
