import { api, ApiError, unwrap } from './client';
import type { ApiKey, ApiKeyCreated, DemoSignIn, Invitation, InvitationPreview, Me, Member, Page, Role, Scope, Tenant } from './types';

/*
 * The single place that knows URLs and payloads. Pages call these functions,
 * so a change in the generated contract only needs adapting here.
 */

/** Cursor pagination parameters (typed loosely so the page param names can evolve in the contract). */
function pageQuery(cursor?: string | null): never {
  return (cursor ? { query: { cursor } } : {}) as never;
}

function toPage<T>(body: unknown): Page<T> {
  const page = (body ?? {}) as { items?: T[] | null; nextCursor?: string | null };
  return { items: page.items ?? [], nextCursor: page.nextCursor ?? null };
}

// --- session -----------------------------------------------------------------

/** The signed-in user, or `null` when not signed in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return (await unwrap(api.GET('/api/v1/me'))) as Me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signUp(body: { organisationName: string; email: string; password: string }): Promise<Me> {
  return (await unwrap(api.POST('/api/v1/signup', { body }))) as Me;
}

export async function signIn(body: { email: string; password: string }): Promise<Me> {
  return (await unwrap(api.POST('/api/v1/session', { body }))) as Me;
}

/** The demo organisation's sign-in where this installation offers one (local runs), else `null` (404). */
export async function fetchDemoSignIn(): Promise<DemoSignIn | null> {
  try {
    return (await unwrap(api.GET('/api/v1/demo'))) as DemoSignIn;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await unwrap(api.DELETE('/api/v1/session'));
}

export async function switchTenant(tenantId: string): Promise<Me> {
  return (await unwrap(api.PUT('/api/v1/session/tenant', { body: { tenantId } }))) as Me;
}

export async function createTenant(name: string): Promise<Tenant> {
  return (await unwrap(api.POST('/api/v1/tenants', { body: { name } }))) as Tenant;
}

export async function changePassword(body: { currentPassword: string; newPassword: string }): Promise<void> {
  await unwrap(api.PUT('/api/v1/me/password', { body }));
}

// --- members -----------------------------------------------------------------

export async function listMembers(cursor?: string | null): Promise<Page<Member>> {
  return toPage<Member>(await unwrap(api.GET('/api/v1/members', { params: pageQuery(cursor) })));
}

export async function changeMemberRole(userId: string, role: Role): Promise<Member> {
  return (await unwrap(api.PATCH('/api/v1/members/{userId}', { params: { path: { userId } }, body: { role } }))) as Member;
}

export async function removeMember(userId: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/members/{userId}', { params: { path: { userId } } }));
}

// --- invitations -------------------------------------------------------------

export async function listInvitations(cursor?: string | null): Promise<Page<Invitation>> {
  return toPage<Invitation>(await unwrap(api.GET('/api/v1/invitations', { params: pageQuery(cursor) })));
}

export async function createInvitation(body: { email: string; role: Role }): Promise<Invitation> {
  return (await unwrap(api.POST('/api/v1/invitations', { body }))) as Invitation;
}

export async function revokeInvitation(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/invitations/{invitationId}', { params: { path: { invitationId: id } } }));
}

export async function previewInvitation(token: string): Promise<InvitationPreview> {
  return (await unwrap(api.POST('/api/v1/invitations/preview', { body: { token } }))) as InvitationPreview;
}

export async function acceptInvitation(token: string, password?: string): Promise<Me> {
  const body = password ? { token, password } : { token };
  return (await unwrap(api.POST('/api/v1/invitations/accept', { body }))) as Me;
}

// --- API keys ----------------------------------------------------------------

export async function listApiKeys(cursor?: string | null): Promise<Page<ApiKey>> {
  return toPage<ApiKey>(await unwrap(api.GET('/api/v1/api-keys', { params: pageQuery(cursor) })));
}

export async function createApiKey(body: { name: string; scopes: Scope[] }): Promise<ApiKeyCreated> {
  return (await unwrap(api.POST('/api/v1/api-keys', { body }))) as ApiKeyCreated;
}

export async function revokeApiKey(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: id } } }));
}
