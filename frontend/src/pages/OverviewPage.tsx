import { Link } from 'react-router';
import { useCurrentUser } from '../api/queries';
import { canManage, roleLabel } from '../api/types';
import { RoleBadge } from '../components/feedback';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function OverviewPage() {
  useDocumentTitle('Overview');
  const me = useCurrentUser();
  const tenant = me.currentTenant;
  const admin = canManage(tenant.role);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            {tenant.name} · you are <RoleBadge role={tenant.role} label={roleLabel(tenant.role)} />
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="coming-next">
        <h2 id="coming-next">Telemetry and costs come next</h2>
        <p>
          Costwise will price the telemetry your AI workloads send, show where the money goes, recommend cheaper configurations and verify
          the savings. Ingestion and cost dashboards are on their way to <strong>{tenant.name}</strong>.
        </p>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="get-ready">
          <h2 id="get-ready">Get ready to send telemetry</h2>
          <p className="muted">Workloads authenticate with an API key that has the telemetry:write scope.</p>
          {admin ? (
            <Link className="btn btn-secondary" to="/settings/api-keys">
              Manage API keys
            </Link>
          ) : (
            <p className="muted">Ask an owner or admin of {tenant.name} to create a key.</p>
          )}
        </section>
        <section className="card" aria-labelledby="team">
          <h2 id="team">Your team</h2>
          <p className="muted">Invite colleagues and decide who can change settings.</p>
          <Link className="btn btn-secondary" to="/settings/members">
            {admin ? 'Manage members' : 'View members'}
          </Link>
        </section>
      </div>
    </>
  );
}
