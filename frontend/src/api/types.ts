import type { paths } from './schema';

/*
 * Domain types are derived from the *paths* of the generated OpenAPI schema
 * (never from component schema names, which depend on the backend's DTO names).
 * `Strict` removes `?`/`undefined` from properties because springdoc marks
 * un-annotated DTO fields optional; nullable fields stay `| null`, and UI code
 * still treats absent values defensively.
 */

type OkStatus = 200 | 201 | 202;
type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M & keyof paths[P]]>;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : never;

export type OkBody<P extends keyof paths, M extends HttpMethod> = ContentOf<
  ResponsesOf<Operation<P, M>>[OkStatus & keyof ResponsesOf<Operation<P, M>>]
>;
export type RequestBody<P extends keyof paths, M extends HttpMethod> =
  Operation<P, M> extends { requestBody?: { content: infer C } } ? C[keyof C] : never;

export type Strict<T> = T extends readonly (infer U)[]
  ? Strict<U>[]
  : T extends object
    ? { [K in keyof T]-?: Strict<Exclude<T[K], undefined>> }
    : T;

type ItemOf<T> = T extends { items?: readonly (infer I)[] | null } ? I : never;

export type Me = Strict<OkBody<'/api/v1/me', 'get'>>;
export type Tenant = Me['tenants'][number];
export type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';
export type Member = Strict<ItemOf<OkBody<'/api/v1/members', 'get'>>>;
export type Invitation = Strict<ItemOf<OkBody<'/api/v1/invitations', 'get'>>>;
export type InvitationPreview = Strict<OkBody<'/api/v1/invitations/preview', 'post'>>;
export type ApiKey = Strict<ItemOf<OkBody<'/api/v1/api-keys', 'get'>>>;
export type ApiKeyCreated = Strict<OkBody<'/api/v1/api-keys', 'post'>>;
export type Scope = 'telemetry:write' | 'read' | 'admin';
export type DemoSignIn = Strict<OkBody<'/api/v1/demo', 'get'>>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'];
export const SCOPES: readonly { value: Scope; label: string; description: string }[] = [
  { value: 'telemetry:write', label: 'telemetry:write', description: 'Send AI workload telemetry to Costwise.' },
  { value: 'read', label: 'read', description: 'Read organisation data such as members and costs.' },
  { value: 'admin', label: 'admin', description: 'Manage members, invitations and API keys.' },
];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MEMBER: 'Member',
  VIEWER: 'Viewer',
};

export function roleLabel(role: string | null | undefined): string {
  return (role && ROLE_LABELS[role as Role]) || role || 'Unknown';
}

export function canManage(role: string | null | undefined): boolean {
  return role === 'OWNER' || role === 'ADMIN';
}
