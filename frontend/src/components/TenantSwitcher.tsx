import { useId } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { switchTenant } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { roleLabel, type Me } from '../api/types';
import { ErrorAlert } from './feedback';

/** Select of the user's organisations; switching re-scopes the session and refetches everything. */
export function TenantSwitcher({ me }: { me: Me }) {
  const id = useId();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: switchTenant,
    onSuccess: async (next) => {
      queryClient.setQueryData(queryKeys.me, next);
      await queryClient.invalidateQueries();
    },
  });

  const tenants = me.tenants?.length ? me.tenants : [me.currentTenant];

  return (
    <div className="tenant-switcher">
      <label htmlFor={id} className="tenant-label">
        Organisation
      </label>
      <select
        id={id}
        value={me.currentTenant.id}
        disabled={mutation.isPending || tenants.length < 2}
        onChange={(e) => mutation.mutate(e.target.value)}
        aria-describedby={mutation.isError ? `${id}-error` : undefined}
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({roleLabel(t.role)})
          </option>
        ))}
      </select>
      {mutation.isError && (
        <div id={`${id}-error`} className="popover-error">
          <ErrorAlert error={mutation.error} title="Could not switch organisation" />
        </div>
      )}
    </div>
  );
}
