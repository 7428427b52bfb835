import { Suspense, useState, useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut } from '../api/endpoints';
import { queryKeys, useMe } from '../api/queries';
import { ErrorAlert, Loading } from './feedback';
import { NewOrganisationDialog } from './NewOrganisationDialog';
import { TenantSwitcher } from './TenantSwitcher';

/** Authenticated layout: header with tenant switcher and account actions, side navigation, page outlet. */
export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [creatingOrg, setCreatingOrg] = useState(false);
  const signingOut = useRef(false);

  const signOutMutation = useMutation({
    mutationFn: signOut,
    onMutate: () => {
      signingOut.current = true;
    },
    onSettled: () => {
      // Forget the session without refetching anything (a refetch would only produce a 401).
      queryClient.setQueryData(queryKeys.me, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
      navigate('/signin', { replace: true, state: { signedOut: true } });
    },
  });

  if (me.isPending) {
    return (
      <div className="center-page">
        <Loading label="Loading your workspace…" />
      </div>
    );
  }

  if (me.isError) {
    return (
      <div className="center-page">
        <div className="card narrow">
          <ErrorAlert error={me.error} title="Costwise could not load your account" />
          <button type="button" className="btn btn-primary" onClick={() => me.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }

  if (!me.data && signingOut.current) {
    // Forgetting the session re-renders this shell before the navigation above commits; keep its notice.
    return <Navigate to="/signin" replace state={{ signedOut: true }} />;
  }

  if (!me.data) {
    const next = location.pathname + location.search;
    const target = next && next !== '/' ? `/signin?next=${encodeURIComponent(next)}` : '/signin';
    return <Navigate to={target} replace />;
  }

  const user = me.data;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Costwise home">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          Costwise
        </NavLink>
        <TenantSwitcher me={user} />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setCreatingOrg(true)}>
          New organisation
        </button>
        <div className="topbar-spacer" />
        <span className="user-email" title="Signed in as">
          {user.email}
        </span>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => signOutMutation.mutate()}
          disabled={signOutMutation.isPending}
        >
          {signOutMutation.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      <div className="layout">
        <nav className="sidenav" aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to="/costs">Costs</NavLink>
          <NavLink to="/workloads">Workloads</NavLink>
          <NavLink to="/recommendations">Recommendations</NavLink>
          <NavLink to="/connect">Connect</NavLink>
          <p className="sidenav-heading">Settings</p>
          <NavLink to="/settings/members">Members</NavLink>
          <NavLink to="/settings/api-keys">API keys</NavLink>
          <NavLink to="/settings/pricing">Price overrides</NavLink>
          <NavLink to="/settings/reports">Report subscriptions</NavLink>
          <NavLink to="/settings/profile">Profile</NavLink>
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          <Suspense fallback={<Loading label="Loading…" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      {creatingOrg && <NewOrganisationDialog onClose={() => setCreatingOrg(false)} />}
    </div>
  );
}
