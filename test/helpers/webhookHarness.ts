// Runs a trigger node's webhook() and webhookMethods through n8n-core's real WebhookContext and
// HookContext with a real Workflow from n8n-workflow. Only the HTTP request/response objects and
// the credential store are stand-ins, shaped like what n8n hands the node.
import { EventEmitter } from 'events';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

const LEVELS = new Set(['error', 'warn', 'info', 'debug']);

/**
 * Makes `context.logger` record what the node logs into `lines`, while still passing it to n8n's real
 * logger. n8n memoizes `logger` on first read, so the recording one is put in place before that, with
 * the real logger read from a twin context.
 */
function recordLogs(context: WebhookContext, twin: WebhookContext, lines: string[]) {
	const logger = twin.logger as unknown as Record<string, (message: string, meta?: object) => void>;
	const recording = Object.create(logger) as Record<string, unknown>;
	for (const level of LEVELS) {
		Object.defineProperty(recording, level, {
			value: (message: string, meta?: object) => {
				lines.push(`${level}: ${message} ${meta ? JSON.stringify(meta) : ''}`);
				logger[level].call(logger, message, meta);
			},
		});
	}
	Object.defineProperty(context, 'logger', { value: recording });
}

export interface FakeRequest {
	headers: Record<string, string>;
	body: unknown;
	rawBody?: Buffer;
	ip?: string;
	method?: string;
}

/** Records what the node wrote, like an Express response would send it (with its 'finish' and 'close'). */
export class RecordedResponse extends EventEmitter {
	statusCode = 200;
	body: unknown = undefined;
	headersSent = false;
	writableEnded = false;
	readonly headers: Record<string, string> = {};
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.body = body;
		return this.end();
	}
	send(body: unknown) {
		return this.json(body);
	}
	end() {
		this.headersSent = true;
		this.writableEnded = true;
		// into a connection the caller closed, the answer is written without a 'finish'
		if (!this.hungUp) this.answered();
		return this;
	}
	private hungUp = false;
	/** The caller closes the connection before any answer: 'close' without 'finish', as Node emits it. */
	hangUp() {
		this.hungUp = true;
		this.emit('close');
	}
	/** The answer has gone out (whoever wrote it): what Express says with 'finish' and 'close'. */
	answered() {
		this.writableEnded = true;
		if (this.listenerCount('close') + this.listenerCount('finish') === 0) return;
		this.emit('finish');
		this.emit('close');
		this.removeAllListeners();
	}
	setHeader(name: string, value: string) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}
}

export interface TriggerHarnessOptions {
	nodeType: INodeType;
	/** `<package>.<nodeName>` as n8n names it. */
	typeName: string;
	credentialType: string;
	credentials: ICredentialDataDecryptedObject | undefined;
	parameters?: INode['parameters'];
	staticData?: IDataObject;
	/**
	 * Unique per harness unless given: the node keeps per-process state by workflow and node id, as
	 * n8n would for two different workflows. Give two harnesses the same id to play one workflow
	 * whose static data n8n loaded twice (two requests in flight).
	 */
	workflowId?: string;
}

let harnessCount = 0;

/** One active workflow holding the trigger node: static data persists across calls, as in n8n. */
export class TriggerHarness {
	readonly workflow: Workflow;
	readonly node: INode;
	/** How often n8n was asked to decrypt the node's credential. */
	credentialLoads = 0;
	/**
	 * Every line the node sent to n8n's logger through this harness, as "level: message" (kept to check
	 * it for secrets). One log per harness, so a test reads only what its own requests logged.
	 */
	readonly loggedLines: string[] = [];

	constructor(private readonly options: TriggerHarnessOptions) {
		const { nodeType } = options;
		this.node = {
			id: 'trigger-node-id',
			name: 'Trigger',
			type: options.typeName,
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'b8f0c3b2-1b7e-4d83-9d7e-6f3c1f1a2a11',
			parameters: options.parameters ?? {},
			credentials: options.credentials
				? { [options.credentialType]: { id: 'cred-1', name: 'Test credential' } }
				: undefined,
		};
		const nodeTypes: INodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		};
		this.workflow = new Workflow({
			id: options.workflowId ?? `workflow-${++harnessCount}`,
			name: 'Payment callbacks',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: options.staticData ?? {},
		});
	}

	/**
	 * Does to the static data what n8n 2.x does when it prepares the execution a webhook started: wraps
	 * the same object in another Workflow, which resets its "changed" flag. Returns whether n8n would
	 * now save it (the flag it checks).
	 */
	prepareExecutionAsN8nDoes(rawStaticData: IDataObject) {
		new Workflow({
			id: this.workflow.id,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.workflow.nodeTypes,
			staticData: rawStaticData,
		});
		return () =>
			(this.workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged ===
			true;
	}

	/** What the user saved in the credential since (the node sees it when it next asks n8n). */
	editCredential(credentials: ICredentialDataDecryptedObject) {
		this.options.credentials = credentials;
	}

	private additionalData(request?: FakeRequest, response?: RecordedResponse) {
		const credentials = this.options.credentials;
		return {
			httpRequest: request && { method: 'POST', query: {}, params: {}, ...request },
			httpResponse: response,
			credentialsHelper: {
				getDecrypted: async () => {
					this.credentialLoads++;
					if (!credentials) throw new Error('Credentials not found');
					return credentials;
				},
				getParentTypes: () => [],
				isCredentialUsableByNode: () => true,
				getCredentialsProperties: () => [],
			},
			variables: {},
			restApiUrl: 'http://127.0.0.1:5678/rest',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			instanceBaseUrl: 'http://127.0.0.1:5678',
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private webhookData(): IWebhookData {
		const description = this.options.nodeType.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
			webhookId: this.node.webhookId,
		};
	}

	/**
	 * Sends one request to the node's webhook() as n8n does for a production (or test) URL. n8n then
	 * answers (unless the node did); with `holdAnswer` the caller ends the response itself, to play
	 * what n8n does in between.
	 */
	async send(
		request: FakeRequest,
		mode: WorkflowExecuteMode = 'webhook',
		{ holdAnswer = false } = {},
	) {
		const response = new RecordedResponse();
		const newContext = () =>
			new WebhookContext(
				this.workflow,
				this.node,
				this.additionalData(request, response),
				mode,
				this.webhookData(),
				[],
				null,
			);
		const context = newContext();
		recordLogs(context, newContext(), this.loggedLines);
		const result: IWebhookResponseData = await this.options.nodeType.webhook!.call(context);
		if (!holdAnswer) response.answered();
		return { result, response };
	}

	/** Runs webhookMethods.default[method] as n8n does when the workflow is activated. */
	async lifecycle(method: 'checkExists' | 'create' | 'delete') {
		const context = new HookContext(
			this.workflow,
			this.node,
			this.additionalData(),
			'webhook',
			'activate',
			this.webhookData(),
		);
		return await this.options.nodeType.webhookMethods!.default![method]!.call(context);
	}
}

/** A multipart request as n8n hands it to a node: formidable's fields under `body.data`. */
export function multipartRequest(fields: Record<string, string>, ip = '203.0.113.7'): FakeRequest {
	return {
		headers: { 'content-type': 'multipart/form-data; boundary=----n8nTestBoundary' },
		body: { data: fields, files: {} },
		ip,
	};
}

/** A JSON request as n8n hands it to a node: parsed body plus the raw bytes. */
export function jsonRequest(
	body: unknown,
	ip = '203.0.113.7',
	headers: Record<string, string> = {},
): FakeRequest {
	return rawJsonRequest(JSON.stringify(body), ip, headers);
}

/** A JSON request whose bytes are exactly `text`. */
export function rawJsonRequest(
	text: string,
	ip = '203.0.113.7',
	headers: Record<string, string> = {},
): FakeRequest {
	const raw = Buffer.from(text);
	return {
		headers: {
			'content-type': 'application/json',
			'content-length': String(raw.length),
			...headers,
		},
		body: JSON.parse(text) as unknown,
		rawBody: raw,
		ip,
	};
}

/** A urlencoded request as n8n hands it to a node. */
export function formRequest(fields: Record<string, string>, ip = '203.0.113.7'): FakeRequest {
	const raw = Buffer.from(new URLSearchParams(fields).toString());
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: { ...fields },
		rawBody: raw,
		ip,
	};
}

/** What `TriggerHarness.send` resolves to: the node's result and the answer it wrote. */
export type Sent = Awaited<ReturnType<TriggerHarness['send']>>;

/**
 * Fails the test unless the node answered `statusCode` itself, started nothing, and said none of
 * `secrets` in its answer. Returns the answer's body.
 */
export function expectRefused(
	{ result, response }: Sent,
	statusCode: number,
	secrets: readonly string[] = [],
) {
	expect(result.workflowData).toBeUndefined();
	expect(response.statusCode).toBe(statusCode);
	const text = JSON.stringify(response.body);
	for (const secret of secrets) expect(text).not.toContain(secret);
	return response.body;
}

/** The single item a call produced; fails the test when there is not exactly one. */
export function onlyItem(result: IWebhookResponseData) {
	expect(result.workflowData).toHaveLength(1);
	expect(result.workflowData![0]).toHaveLength(1);
	return result.workflowData![0][0].json;
}
