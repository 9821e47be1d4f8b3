import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { recordId } from "@/lib/validation/record-id";
import { getSession } from "@/lib/auth/session";
import type { ActiveSession } from "@/lib/auth/sessions";
import { getConfig } from "@/lib/config/env";
import { asDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { AppError, echoFields, invalidInput, toActionError, type ActionFailure, type ActionResult } from "@/lib/errors";
import { isCrossSiteRequest } from "@/lib/http/origin";
import { recordCrossSiteRefusal } from "@/lib/http/record-cross-site-refusal";
import { contextFromHeaders, type RequestContext } from "@/lib/http/request-context";
import { findMember, type OrganizationMember } from "@/lib/organizations/member";
import { recordAuthorizationRefusal } from "@/lib/organizations/record-authorization-refusal";
import { can, type Permission } from "@/lib/organizations/permissions";
import { formDataToObject } from "@/lib/validation/form-data";

// The one way to define a server action (docs/decisions/0015-action-definition.md). Every
// action refuses cross-site requests, loads who is asking, checks what they may do, parses
// its input with zod and maps failures to a result the form shows, in that order.

/** What an action learns from its request: the headers and the signed-in session. */
export type ActionRequest = { headers: Headers; session: ActiveSession | null };

/** What a handler returns on success: data for the form, a message, and where to go next. */
export type ActionSuccess<T> = { data?: T; message?: string; redirect?: string };

type Revalidate = string | { path: string; type: "layout" | "page" };

type ActionOptions<S extends z.ZodType> = {
  /**
   * The input schema, or a function making it for this request's session: some rules depend
   * on the person (a second factor relaxes the password policy) or on configuration read
   * when the action runs, not when the module loads.
   */
  schema: S | ((session: ActiveSession | null) => S);
  /**
   * Rewrites the INVALID_INPUT answer when the form has no field to show it on: a link's
   * token, a passkey response. Defaults to the field errors.
   */
  invalid?: (failure: ActionFailure) => ActionFailure;
  /** Text fields echoed back on failure to refill the form (never passwords). */
  echo?: readonly string[];
  /** Paths whose rendered pages change on success. */
  revalidate?: Revalidate | readonly Revalidate[];
};

export type PublicActionContext = { context: RequestContext; session: ActiveSession | null };
export type UserActionContext = { context: RequestContext; session: ActiveSession };
export type OrganizationActionContext = UserActionContext & { member: OrganizationMember };

/**
 * A server action as forms call it, plus `run` for calling it with an explicit request (tests).
 * Next.js marks an action made here as reading every argument, so proxy.ts lets it through
 * only with a form: second after the previous result (useActionState), or alone (a plain
 * `<form action>`). A fetcher of options sends `(null, new FormData())` (decision 0015).
 */
export type ServerAction<T> = {
  (formData: FormData): Promise<ActionResult<T>>;
  // Last, so useActionState infers its state and a FormData payload from this signature.
  (previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>>;
  run: (request: ActionRequest, formData?: FormData) => Promise<ActionOutcome<T>>;
};

/** The result, plus the redirect the action asked for (carried out by the server action). */
export type ActionOutcome<T> = ActionResult<T> & { redirect?: string };

const organizationIdSchema = recordId("Choose an organization.");

type Authorize<C extends { session: ActiveSession | null }> = (request: ActionRequest, context: RequestContext, formData: FormData) => Promise<C>;

function defineAction<S extends z.ZodType, T, C extends { session: ActiveSession | null }>(
  options: ActionOptions<S>,
  authorize: Authorize<C>,
  handler: (input: z.output<S>, context: C) => Promise<ActionSuccess<T> | void>,
): ServerAction<T> {
  async function run(request: ActionRequest, formData: FormData = new FormData()): Promise<ActionOutcome<T>> {
    const fields = options.echo ? echoFields(formData, options.echo) : undefined;
    const withFields = (failure: ActionResult<T>) => (fields && !failure.ok ? { ...failure, fields } : failure);
    const context = contextFromHeaders(request.headers);
    try {
      if (isCrossSiteRequest(request.headers, getConfig().appOrigin)) {
        await recordCrossSiteRefusal({ context, userId: request.session?.user.id ?? null, path: null, origin: request.headers.get("origin") });
        throw new AppError("CROSS_SITE");
      }
      const authorized = await authorize(request, context, formData);
      const schema = typeof options.schema === "function" ? options.schema(authorized.session) : options.schema;
      const parsed = schema.safeParse(formDataToObject(formData));
      if (!parsed.success) return withFields(options.invalid ? options.invalid(invalidInput(parsed.error)) : invalidInput(parsed.error));
      const success = (await handler(parsed.data, authorized)) ?? {};
      return { ok: true, data: success.data as T, message: success.message, redirect: success.redirect };
    } catch (error) {
      // An outage found inside a wrapper (Auth.js's) is thrown as one, for the outage page and the 503.
      return withFields(toActionError(asDatabaseUnavailable(error)));
    }
  }

  async function action(previous: unknown, formData?: unknown): Promise<ActionResult<T>> {
    const requestHeaders = await headers();
    // The form comes second, or alone; the arguments are the client's to choose when proxy.ts
    // is skipped, and anything else is no input.
    const form = formData instanceof FormData ? formData : previous instanceof FormData ? previous : new FormData();
    const outcome = await run({ headers: requestHeaders, session: await getSession() }, form);
    if (!outcome.ok && outcome.code === "UNAUTHENTICATED" && outcome.message === SIGNED_OUT) redirect("/login");
    const { redirect: target, ...result } = outcome;
    if (result.ok) {
      const paths = options.revalidate === undefined ? [] : Array.isArray(options.revalidate) ? options.revalidate : [options.revalidate];
      for (const path of paths as Revalidate[]) {
        if (typeof path === "string") revalidatePath(path);
        else revalidatePath(path.path, path.type);
      }
      if (target) redirect(target);
    }
    return result;
  }

  return Object.assign(action, { run });
}

const SIGNED_OUT = "Your session has ended. Sign in again.";

function requireSession(request: ActionRequest): ActiveSession {
  if (!request.session) throw new AppError("UNAUTHENTICATED", SIGNED_OUT);
  return request.session;
}

/** An action anyone may call: sign-in, sign-up, password reset, links from emails. */
export function publicAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, context: PublicActionContext) => Promise<ActionSuccess<T> | void>,
): ServerAction<T> {
  return defineAction(options, async (request, context) => ({ context, session: request.session }), handler);
}

/** An action of the signed-in person on their own account. Signed out, it sends them to sign in. */
export function userAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, context: UserActionContext) => Promise<ActionSuccess<T> | void>,
): ServerAction<T> {
  return defineAction(options, async (request, context) => ({ context, session: requireSession(request) }), handler);
}

/**
 * An action inside one organization, named by the form's `organizationId` field. A person who
 * is not a member gets Not Found, as for an organization that does not exist; a member whose
 * role lacks `permission` gets Forbidden, and the refusal is logged.
 */
export function organizationAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S> & { permission: Permission },
  handler: (input: z.output<S>, context: OrganizationActionContext) => Promise<ActionSuccess<T> | void>,
): ServerAction<T> & { permission: Permission } {
  const action = defineAction(
    options,
    async (request, context, formData) => {
      const session = requireSession(request);
      const organizationId = organizationIdSchema.safeParse(formData.get("organizationId"));
      if (!organizationId.success) throw new AppError("NOT_FOUND");
      const member = await findMember(session.user.id, organizationId.data);
      if (!member) throw new AppError("NOT_FOUND");
      if (!can(member, options.permission)) {
        await recordAuthorizationRefusal(member, options.permission, context);
        throw new AppError("FORBIDDEN");
      }
      return { context, session, member };
    },
    handler,
  );
  // What the action needs, readable by the authorization tests that go through every action.
  return Object.assign(action, { permission: options.permission });
}
