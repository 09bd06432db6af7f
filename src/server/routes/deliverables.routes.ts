import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_DELIVERABLE_BYTES } from '../../core/deliverables/deliverables.rules.ts';
import { fileTooLarge } from '../../core/deliverables/deliverables.checks.ts';
import type { DeliverablesService } from '../../core/deliverables/deliverables.service.ts';
import { IdParam, PageQuery, pageOf, problemResponses } from '../../shared/contracts/common.ts';
import {
  AcceptDeliverableBody,
  Deliverable,
  DeliverableFields,
  DeliverableForm,
  IssueDeliverableBody,
  VersionFields,
  VersionForm,
  VersionParams,
} from '../../shared/contracts/deliverables.ts';
import { ctxOf } from '../plugins/auth.ts';
import { multipartValidator, parseFields, readMultipart, registerUploads, sendStoredFile } from '../plugins/uploads.ts';
import type { RouteApp } from './route-app.ts';

const tags = ['deliverables'];
const readFile = (request: Parameters<typeof readMultipart>[0]) =>
  readMultipart(request, { fileField: 'file', maxBytes: MAX_DELIVERABLE_BYTES, tooLarge: fileTooLarge });

/** Deliverables: versions of a file, issued to the customer, downloaded and accepted in its portal. */
export const deliverablesRoutes: FastifyPluginAsyncZod<{ deliverables: DeliverablesService }> = async (
  app,
  { deliverables },
) => {
  await registerUploads(app, MAX_DELIVERABLE_BYTES);
  registerDeliverableRoutes(app, deliverables);
  registerDeliverableVersionRoutes(app, deliverables);
};

/** Deliverables of an engagement: create (with the first version), list, read. */
function registerDeliverableRoutes(app: RouteApp, deliverables: DeliverablesService): void {
  app.post(
    '/engagements/:id/deliverables',
    {
      schema: {
        tags,
        summary:
          'Create a deliverable with its first version (multipart; team members, IR managers, admins); a draft until issued',
        params: IdParam,
        consumes: ['multipart/form-data'],
        body: DeliverableForm,
        response: { 201: Deliverable, ...problemResponses },
      },
      validatorCompiler: multipartValidator,
    },
    async (request, reply) => {
      const deliverable = await deliverables.create(ctxOf(request), request.params.id, async () => {
        const form = await readFile(request);
        return { ...parseFields(DeliverableFields, form.fields), file: form.file };
      });
      return reply.status(201).send(deliverable);
    },
  );

  app.get(
    '/engagements/:id/deliverables',
    {
      schema: {
        tags,
        summary: "An engagement's deliverables (customers: issued ones, with their issued versions)",
        params: IdParam,
        querystring: PageQuery,
        response: { 200: pageOf(Deliverable), ...problemResponses },
      },
    },
    async (request) => deliverables.list(ctxOf(request), request.params.id, request.query),
  );

  app.get(
    '/deliverables/:id',
    {
      schema: {
        tags,
        summary: 'One deliverable with its versions',
        params: IdParam,
        response: { 200: Deliverable, ...problemResponses },
      },
    },
    async (request) => deliverables.get(ctxOf(request), request.params.id),
  );
}

/** A deliverable's later versions, its issue and acceptance, and the download of a version. */
function registerDeliverableVersionRoutes(app: RouteApp, deliverables: DeliverablesService): void {
  app.post(
    '/deliverables/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add a version (multipart; team members, IR managers, admins); customers see it once issued',
        params: IdParam,
        consumes: ['multipart/form-data'],
        body: VersionForm,
        response: { 201: Deliverable, ...problemResponses },
      },
      validatorCompiler: multipartValidator,
    },
    async (request, reply) => {
      const deliverable = await deliverables.addVersion(ctxOf(request), request.params.id, async () => {
        const form = await readFile(request);
        return { ...parseFields(VersionFields, form.fields), file: form.file };
      });
      return reply.status(201).send(deliverable);
    },
  );

  app.post(
    '/deliverables/:id/issue',
    {
      schema: {
        tags,
        summary: "Issue the current version to the customer (IR managers, admins); notifies the customer's contacts",
        params: IdParam,
        body: IssueDeliverableBody,
        response: { 200: Deliverable, ...problemResponses },
      },
    },
    async (request) => deliverables.issue(ctxOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/deliverables/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept the issued version (a customer user whose contact may approve); records when and who',
        params: IdParam,
        body: AcceptDeliverableBody,
        response: { 200: Deliverable, ...problemResponses },
      },
    },
    async (request) => deliverables.accept(ctxOf(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/deliverables/:id/versions/:version/file',
    {
      schema: {
        tags,
        summary:
          'Download one version (an attachment with the type detected from its content; customers: issued versions)',
        params: VersionParams,
        produces: ['application/octet-stream'],
        response: {
          200: z
            .file()
            .describe('The document; its Content-Type is the one detected from the content when it was uploaded.'),
          ...problemResponses,
        },
      },
    },
    async (request, reply) =>
      sendStoredFile(reply, await deliverables.download(ctxOf(request), request.params.id, request.params.version)),
  );
}
