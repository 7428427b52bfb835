import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { unsubscribeFromReport } from '../api/endpoints';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorAlert } from '../components/feedback';
import { useDocumentTitle } from '../lib/useDocumentTitle';

/**
 * Where a report's "Unsubscribe" link leads. It asks for a click rather than unsubscribing on
 * opening, because mail scanners open every link in a message; mail clients that offer their own
 * unsubscribe button post to the API directly (RFC 8058).
 */
export function UnsubscribePage() {
  useDocumentTitle('Unsubscribe');
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const unsubscribe = useMutation({ mutationFn: () => unsubscribeFromReport(token), meta: { expectsUnauthorized: true } });
  const footer = <Link to="/signin">Go to Costwise</Link>;

  if (!token) {
    return (
      <AuthLayout title="Unsubscribe link incomplete" footer={footer}>
        <p>This link is missing its token. Open the “Unsubscribe” link at the bottom of the report e-mail again.</p>
      </AuthLayout>
    );
  }

  if (unsubscribe.isSuccess) {
    return (
      <AuthLayout title="You are unsubscribed" footer={footer}>
        <p role="status">
          <strong>{unsubscribe.data}</strong> will no longer receive this report. Other recipients still do; the report's owner can add
          you again under Report subscriptions.
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Unsubscribe from this report" footer={footer}>
      <p>Stop sending this Costwise report to the address this e-mail was sent to? Other reports and other recipients are not affected.</p>
      <ErrorAlert error={unsubscribe.error} />
      <button type="button" className="btn btn-primary btn-block" onClick={() => unsubscribe.mutate()} disabled={unsubscribe.isPending}>
        {unsubscribe.isPending ? 'Unsubscribing…' : 'Unsubscribe'}
      </button>
    </AuthLayout>
  );
}
