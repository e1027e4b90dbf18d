/**
 * An in-memory stand-in for the n8n server's CredentialsHelper
 * (packages/cli/src/credentials-helper.ts), for tests that run nodes through n8n-core.
 *
 * n8n-core's own test helper only applies function-style `authenticate` and returns stored
 * data as-is. Our credential uses the declarative `{ type: 'generic' }` form and relies on a
 * property default (`baseUrl`), so a test built on that helper would never send the header
 * a real server sends nor see the data a real node sees. This class re-implements the parts of
 * the server's helper that decide what goes over the wire; only storage is replaced (a map
 * keyed by credential type instead of the encrypted database rows).
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';

/** What the server resolves credential-level expressions against when no node is running. */
const MOCK_NODE: INode = {
	id: 'credentials-mock',
	name: '',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const MOCK_NODE_TYPE = { description: { properties: [] } } as unknown as INodeType;

const MOCK_NODE_TYPES: INodeTypes = {
	getByName: () => MOCK_NODE_TYPE,
	getByNameAndVersion: () => MOCK_NODE_TYPE,
	getKnownTypes: () => ({}),
};

export class CredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	/** Raw data as a user would have saved it, before defaults and expressions. */
	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	constructor(credentialTypes: ICredentialType[]) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	/** Sets what the user "saved" for a credential type; a copy, so tests cannot alias it. */
	setCredentials(type: string, data: ICredentialDataDecryptedObject): void {
		this.getCredentialType(type);
		this.stored.set(type, structuredClone(data));
	}

	/** The raw stored data, e.g. to see what updateCredentials wrote. */
	getStoredCredentials(type: string): ICredentialDataDecryptedObject | undefined {
		const data = this.stored.get(type);
		return data === undefined ? undefined : structuredClone(data);
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type)
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: name } });
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		// Unknown type or no restriction: allowed, the server lets later code report the problem.
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).includes(nodeType);
	}

	/**
	 * Same contract as the server: a function is called as-is; a generic description has every
	 * key and value of headers/qs/body/auth resolved as an expression with only `$credentials`
	 * in scope, then written into the request (mutating it, as the server does).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (typeof authenticate === 'object') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				const target = requestOptions as unknown as Record<string, Record<string, string>>;
				for (const [section, entries] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(entries as Record<string, string>)) {
						const resolvedKey = this.resolveValue(key, credentials, workflow, node);
						target[section] ??= {};
						target[section][resolvedKey] = this.resolveValue(value, credentials, workflow, node);
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/**
	 * As n8n-core's test helper: nothing to do. The server only acts for credential types with
	 * an expirable hidden property (token refresh), which this package does not have. That the
	 * method exists still matters: n8n-core retries every 401 once because it does.
	 */
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	/** Only reached from n8n-core's OAuth2 path. */
	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const typeData = this.getCredentialType(type);
		// (The server also adds an `oauthTokenData` property to oAuth1Api/oAuth2Api; none here.)
		if (typeData.extends === undefined) return typeData.properties;
		// Parent properties first, then the type's own, which win on name clashes.
		const combined: INodeProperties[] = [];
		for (const parent of typeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeData.properties);
		return combined;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored.get(type);
		if (data === undefined) {
			// The server would fail to find the database row; here the test forgot setCredentials().
			throw new UnexpectedError(
				`No "${type}" credentials set in the test CredentialsHelper (node credential "${nodeCredentials.name}")`,
			);
		}
		if (raw === true) return structuredClone(data);
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			structuredClone(data),
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/**
	 * What a node actually receives: property defaults filled in (so a user who never touched
	 * "Base URL" gets its default), then expressions in the data resolved. There are no
	 * admin overwrites in tests, so that step of the server is the identity here.
	 */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		let data = NodeHelpers.getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		// Not declared as properties, so getNodeParameters drops them; the server puts them back.
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (data[key] === undefined && original[key] !== undefined) data[key] = original[key];
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			try {
				data = workflow.expression.getParameterValue(
					data as INodeParameters,
					runExecutionData,
					runIndex,
					itemIndex,
					node.name,
					connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					data,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				(error as Error).message += ' [Error resolving credentials]';
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the server rethrows n8n's own error unchanged but for this suffix
				throw error;
			}
		} else {
			const workflow = new Workflow({
				nodes: [MOCK_NODE],
				connections: {},
				active: false,
				nodeTypes: MOCK_NODE_TYPES,
			});
			data = (await workflow.expression.withIsolate(async () =>
				workflow.expression.getComplexParameterValue(
					MOCK_NODE,
					data as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					data,
				),
			)) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	/** Only the server's own preAuthentication and OAuth code read rows; n8n-core never does. */
	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('getCredentials is not used by n8n-core; see getStoredCredentials');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, structuredClone(data));
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, {
			...(this.stored.get(type) ?? {}),
			oauthTokenData: data.oauthTokenData,
		});
	}

	/** The server's resolveValue: non-expressions pass through; falsy results become ''. */
	private resolveValue(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}
}
