import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { createTenant, switchTenant } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { ErrorAlert } from './feedback';
import { Modal } from './Modal';

/** Creates another organisation (the current user becomes its owner) and switches to it. */
export function NewOrganisationDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: async (orgName: string) => {
      const tenant = await createTenant(orgName);
      return switchTenant(tenant.id);
    },
    onSuccess: async (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      await queryClient.invalidateQueries();
      onClose();
      navigate('/');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) mutation.mutate(name.trim());
  }

  return (
    <Modal title="New organisation" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <p className="muted">You will be the owner of the new organisation and switch to it right away.</p>
        <div className="field">
          <label htmlFor="new-org-name">Organisation name</label>
          <input
            id="new-org-name"
            name="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
            autoComplete="organization"
          />
        </div>
        <ErrorAlert error={mutation.error} />
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending || !name.trim()}>
            {mutation.isPending ? 'Creating…' : 'Create organisation'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
